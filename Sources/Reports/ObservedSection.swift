import Measurements
import Workload

/// How load spreads over pods, independent of their names: shares sorted from the busiest down.
public struct LoadDistribution: Sendable, Equatable {
  /// Each pod's share of the total, largest first.
  public var shares: [Double]

  public init(loads: [Double]) {
    let total = loads.reduce(0, +)
    shares = total > 0 ? loads.map { $0 / total }.sorted(by: >) : loads.map { _ in 0 }
  }

  var mean: Double { shares.isEmpty ? 0 : 1 / Double(shares.count) }
  /// The busiest pod's load over the mean (1 is perfect balance).
  public var maxOverMean: Double { mean > 0 ? (shares.first ?? 0) / mean : 0 }
  /// The idlest pod's load over the mean.
  public var minOverMean: Double { mean > 0 ? (shares.last ?? 0) / mean : 0 }

  /// All shares when there are at most `count`, otherwise `count` shares at evenly spaced ranks.
  public func sampled(_ count: Int) -> [Double] {
    guard shares.count > count, count > 1 else { return shares }
    return (0..<count).map { i in shares[(i * (shares.count - 1) + (count - 1) / 2) / (count - 1)] }
  }
}

/// The "Observed vs replayed" section of `report.md` and `observed.csv`: present only when the
/// log carries what production observed.
public enum ObservedSection {
  /// Per-pod completed requests and MU of a replay, indexed by pod id.
  static func replayed(_ run: PolicyMetrics) -> [(requests: Int, mu: Double)] {
    var pods = [(requests: Int, mu: Double)](repeating: (0, 0), count: run.pods.podCount)
    for row in run.pods.cells {
      for (p, cell) in row.enumerated() where p < pods.count { pods[p].requests += cell.completed }
    }
    for (p, mu) in run.completedMUByPod.enumerated() where p < pods.count { pods[p].mu += mu }
    return pods
  }

  static let shownShares = 16

  /// The section's Markdown, or "" when the log carried no observations.
  public static func render(_ report: ReplayReport) -> String {
    guard let observed = report.observed else { return "" }
    let pods = observed.pods
    var out = "\n## Observed vs replayed\n\n"
    out += "The log says what production observed for \(NumberFormat.grouped(observed.records)) requests "
    out += "(\(NumberFormat.grouped(observed.records - observed.withoutPod)) with a pod, \(NumberFormat.grouped(pods.count)) pods"
    if observed.other.requests > 0 {
      out += "; \(NumberFormat.grouped(observed.other.requests)) requests on pods beyond the first \(ObservedMetrics.podLimit) names are left out of the shares"
    }
    out += "). Production's pod names are not the replay's pod ids, so this compares distributions: "
    out += "each pod's share of the MU served, sorted from the busiest pod down, and the fleet's latency and cache hit.\n\n"
    out +=
      "| source | pods | MU max/mean | MU min/mean | busiest pod share | requests max/mean | TTFT p50 ms | TTFT p99 ms | E2E p50 ms | E2E p99 ms | cache hit |\n"
    out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    let observedMU = LoadDistribution(loads: pods.map(\.mu))
    let observedRequests = LoadDistribution(loads: pods.map { Double($0.requests) })
    out += row(
      "observed", pods: pods.count, mu: observedMU, requests: observedRequests, ttft: observed.ttft.summary,
      e2e: observed.e2e.summary, cacheHit: observed.inputTokens > 0 ? observed.cacheHitRate : nil)
    var distributions = [("observed", observedMU)]
    for run in report.runs {
      let replayed = replayed(run)
      let mu = LoadDistribution(loads: replayed.map(\.mu))
      distributions.append((run.policy, mu))
      out += row(
        "\(run.policy) (replay)", pods: replayed.count, mu: mu,
        requests: LoadDistribution(loads: replayed.map { Double($0.requests) }), ttft: run.ttft.summary,
        e2e: run.e2e.summary, cacheHit: run.cacheHitRate)
    }
    out += ObservedErrorTable.render(
      observed: .init(ttft: observed.ttft.summary, tpot: observed.tpot.summary, e2e: observed.e2e.summary),
      replays: report.runs.map { ($0.policy, .init(ttft: $0.ttft.summary, tpot: $0.tpot.summary, e2e: $0.e2e.summary)) })
    let most = distributions.map(\.1.shares.count).max() ?? 0
    out +=
      most > shownShares
      ? "\nMU shares at \(shownShares) evenly spaced ranks, busiest pod first:\n\n"
      : "\nMU share of every pod, busiest first:\n\n"
    for (name, distribution) in distributions {
      let shares = distribution.sampled(shownShares).map { NumberFormat.percent($0) }
      out += "- \(name): " + (shares.isEmpty ? "-" : shares.joined(separator: ", ")) + "\n"
    }
    let statuses = zip(RequestStatus.allCases, observed.statusCounts).filter { $0.1 > 0 }
    if !statuses.isEmpty {
      out += "\nObserved status: " + statuses.map { "\($0.0.rawValue) \(NumberFormat.grouped($0.1))" }.joined(separator: ", ") + ".\n"
    }
    return out + "\nPer-pod requests and MU, observed and replayed, are in `observed.csv`.\n"
  }

  static func row(
    _ name: String, pods: Int, mu: LoadDistribution, requests: LoadDistribution, ttft: LatencySummary,
    e2e: LatencySummary, cacheHit: Double?
  ) -> String {
    func latency(_ value: Double, _ summary: LatencySummary) -> String {
      summary.count > 0 ? NumberFormat.grouped(value, 1) : "-"
    }
    let cells = [
      name, NumberFormat.grouped(pods), NumberFormat.fixed(mu.maxOverMean, 2), NumberFormat.fixed(mu.minOverMean, 2),
      NumberFormat.percent(mu.shares.first ?? 0), NumberFormat.fixed(requests.maxOverMean, 2),
      latency(ttft.p50, ttft), latency(ttft.p99, ttft), latency(e2e.p50, e2e), latency(e2e.p99, e2e),
      cacheHit.map { NumberFormat.percent($0) } ?? "-",
    ]
    return "| " + cells.joined(separator: " | ") + " |\n"
  }

  /// `observed.csv`: per pod, observed then each policy's replay, with requests and MU and their shares.
  public static func csv(_ report: ReplayReport) -> String? {
    guard let observed = report.observed else { return nil }
    var table = CSVTable(header: ["source", "pod", "requests", "request_share", "mu", "mu_share"])
    func append(_ source: String, _ rows: [(pod: String, requests: Int, mu: Double)]) {
      let requests = Double(max(rows.reduce(0) { $0 + $1.requests }, 1))
      let mu = rows.reduce(0) { $0 + $1.mu }
      for row in rows {
        table.appendRow([
          source, row.pod, String(row.requests), NumberFormat.compact(Double(row.requests) / requests),
          NumberFormat.compact(row.mu, maxDigits: 3), NumberFormat.compact(mu > 0 ? row.mu / mu : 0),
        ])
      }
    }
    var rows = observed.pods.map { (pod: $0.name, requests: $0.requests, mu: $0.mu) }
    if observed.other.requests > 0 { rows.append((observed.other.name, observed.other.requests, observed.other.mu)) }
    append("observed", rows)
    for run in report.runs {
      append(run.policy, replayed(run).enumerated().map { (pod: String($0.offset), requests: $0.element.requests, mu: $0.element.mu) })
    }
    return table.contents
  }
}
