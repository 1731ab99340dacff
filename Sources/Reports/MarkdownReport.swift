import Measurements
import SimCore

/// `report.md`: the numbers that matter first, then the detail per policy.
public enum MarkdownReport {
  /// The columns of the side-by-side table: metric name, heading, and whether lower is better.
  static let comparedColumns: [(metric: String, heading: String, lowerIsBetter: Bool)] = [
    ("completed", "completed", false),
    ("rejected", "rejected", true),
    ("spill_rate", "spill rate", true),
    ("ttft_p50_ms", "TTFT p50 ms", true),
    ("ttft_p99_ms", "TTFT p99 ms", true),
    ("tpot_p50_ms", "TPOT p50 ms", true),
    ("tpot_p99_ms", "TPOT p99 ms", true),
    ("e2e_p99_ms", "E2E p99 ms", true),
    ("cache_hit_rate", "cache hit", false),
    ("imbalance_mean", "imbalance mean", true),
    ("imbalance_p99", "imbalance p99", true),
  ]

  public static func render(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    var out = "# \(report.title)\n\n"
    let first = report.runs.first
    let requests = first.map { NumberFormat.grouped($0.offered) } ?? "0"
    let simulated = first.map { NumberFormat.fixed($0.simulatedDuration.seconds / 60, 1) } ?? "0"
    out += "Log `\(report.source)`: \(requests) requests over \(simulated) simulated minutes.\n\n"
    for setting in report.settings { out += "- **\(setting.name)**: \(setting.value)\n" }
    for note in report.notes { out += "- \(note)\n" }
    out += "\n## Summary\n\n"
    out += headline(report, metrics: metrics)
    out += comparisonTable(report, metrics: metrics)
    out += "## Latency\n\n![TTFT CDF per policy](\(ReportCharts.latencyCDFName))\n\n"
    if report.runs.contains(where: { $0.spilled > 0 }) {
      out += "## Spill-over\n\n![Spills per window](\(ReportCharts.spillTimelineName))\n\n"
    }
    for (run, row) in zip(report.runs, metrics) {
      out += policySection(run, row, report: report)
    }
    return out
  }

  /// One paragraph naming the best policy on tail latency and the worst hotspot.
  static func headline(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    guard !report.runs.isEmpty else { return "No policy was replayed.\n\n" }
    func value(_ row: [SummaryMetric], _ name: String) -> Double {
      row.first { $0.name == name }?.value ?? 0
    }
    let best = zip(report.runs, metrics).min { value($0.1, "ttft_p99_ms") < value($1.1, "ttft_p99_ms") }
    var text = ""
    if let best, report.runs.count > 1 {
      text += "Lowest TTFT p99: **\(best.0.policy)** (\(NumberFormat.fixed(value(best.1, "ttft_p99_ms"), 1)) ms). "
    }
    let worst = zip(report.runs, metrics).max { value($0.1, "hottest_pod_mu") < value($1.1, "hottest_pod_mu") }
    if let (run, row) = worst, value(row, "hottest_pod") >= 0 {
      let pod = Int(value(row, "hottest_pod"))
      let start = value(row, "hottest_window_start_s")
      let mu = value(row, "hottest_pod_mu")
      text += "Worst hotspot: pod \(pod) under **\(run.policy)**, \(NumberFormat.fixed(mu, 1)) MU in flight on average "
      text += "in the window starting at \(NumberFormat.fixed(start, 0)) s "
      text += "(\(NumberFormat.percent(mu / max(report.podCapacityMU, 1e-9), 0)) of a pod's capacity)."
    }
    return text + "\n\n"
  }

  static func comparisonTable(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    let baselineRow = report.baseline.flatMap { name in
      zip(report.runs, metrics).first { $0.0.policy == name }?.1
    }
    var out = "| policy | " + comparedColumns.map(\.heading).joined(separator: " | ") + " |\n"
    out += "|---|" + comparedColumns.map { _ in "---:" }.joined(separator: "|") + "|\n"
    for (run, row) in zip(report.runs, metrics) {
      var cells = [run.policy]
      for column in comparedColumns {
        guard let metric = row.first(where: { $0.name == column.metric }) else {
          cells.append("")
          continue
        }
        var cell = column.metric.hasSuffix("_rate") ? NumberFormat.percent(metric.value, 1)
          : NumberFormat.fixed(metric.value, metric.digits)
        if let baselineRow, run.policy != report.baseline,
          let base = baselineRow.first(where: { $0.name == column.metric })?.value, base != 0
        {
          let delta = (metric.value - base) / abs(base)
          cell += " (\(delta >= 0 ? "+" : "")\(NumberFormat.percent(delta, 0)))"
        }
        cells.append(cell)
      }
      out += "| " + cells.joined(separator: " | ") + " |\n"
    }
    if let baseline = report.baseline, baselineRow != nil {
      out += "\nPercentages in parentheses are changes against `\(baseline)`.\n"
    }
    return out + "\n"
  }

  static func policySection(_ run: PolicyMetrics, _ row: [SummaryMetric], report: ReplayReport) -> String {
    let imbalance = LoadImbalance(run.pods, sampleInterval: report.sampleInterval)
    var out = "## \(run.policy)\n\n"
    out += "- Requests: \(NumberFormat.grouped(run.offered)) offered, \(NumberFormat.grouped(run.completed)) completed, "
    out += "\(NumberFormat.grouped(run.rejected)) rejected, \(NumberFormat.grouped(run.spilled)) spilled"
    out += run.lost > 0 ? ", \(NumberFormat.grouped(run.lost)) lost to pod failures.\n" : ".\n"
    let spills = run.spilledByReason.sorted { $0.key < $1.key }
    if !spills.isEmpty {
      out += "- Spill reasons: " + spills.map { "\($0.key) \(NumberFormat.grouped($0.value))" }.joined(separator: ", ") + ".\n"
    }
    out += "- Latency (ms): " + latencyLine("TTFT", run.ttft.summary) + "; " + latencyLine("TPOT", run.tpot.summary)
      + "; " + latencyLine("E2E", run.e2e.summary) + "; " + latencyLine("queueing", run.queueing.summary) + ".\n"
    out += "- Prefix cache: \(NumberFormat.percent(run.cacheHitRate)) of input tokens hit "
    out += "(\(NumberFormat.grouped(run.cachedTokens)) of \(NumberFormat.grouped(run.inputTokens))); "
    out += "\(NumberFormat.grouped(run.preemptions)) preemptions.\n"
    out += "- MU load imbalance (max/mean over \(imbalance.windows) windows of \(NumberFormat.fixed(run.pods.window.seconds, 0)) s): "
    out += "mean \(NumberFormat.fixed(imbalance.mean, 2)), p99 \(NumberFormat.fixed(imbalance.p99, 2)), max \(NumberFormat.fixed(imbalance.max, 2)).\n"
    if let pod = imbalance.hottestPod, let window = imbalance.hottestWindow {
      out += "- Hottest: pod \(pod.rawValue) in the window starting at \(NumberFormat.fixed(run.pods.windowStart(window).seconds, 0)) s, "
      out += "\(NumberFormat.fixed(imbalance.hottestMU, 1)) MU in flight on average; "
      out += "\(NumberFormat.fixed(imbalance.podSecondsAbove90, 0)) pod-seconds above 90% of capacity in all.\n"
    }
    out += "\n![MU load heatmap for \(run.policy)](\(ReportCharts.heatmapName(run.policy)))\n\n"
    out += topPodsTable(run)
    return out
  }

  static func latencyLine(_ name: String, _ s: LatencySummary) -> String {
    "\(name) p50 \(NumberFormat.fixed(s.p50, 1)) / p90 \(NumberFormat.fixed(s.p90, 1)) / p99 \(NumberFormat.fixed(s.p99, 1))"
  }

  /// The five pods that carried the most MU over the run.
  static func topPodsTable(_ run: PolicyMetrics) -> String {
    guard let width = run.pods.cells.map(\.count).max(), width > 0 else { return "" }
    var totals = [(pod: Int, mu: Double, completed: Int, input: Int, cached: Int)](
      repeating: (0, 0, 0, 0, 0), count: width)
    for p in 0..<width { totals[p].pod = p }
    for row in run.pods.cells {
      for (p, cell) in row.enumerated() {
        totals[p].mu += cell.meanMU
        totals[p].completed += cell.completed
        totals[p].input += cell.inputTokens
        totals[p].cached += cell.cachedTokens
      }
    }
    let windows = Double(max(run.pods.cells.count, 1))
    let top = totals.sorted { $0.mu != $1.mu ? $0.mu > $1.mu : $0.pod < $1.pod }.prefix(5)
    var out = "| pod | mean MU in flight | completed | cache hit |\n|---:|---:|---:|---:|\n"
    for t in top {
      let hit = t.input > 0 ? Double(t.cached) / Double(t.input) : 0
      out += "| \(t.pod) | \(NumberFormat.fixed(t.mu / windows, 2)) | \(NumberFormat.grouped(t.completed)) | \(NumberFormat.percent(hit)) |\n"
    }
    return out + "\n"
  }
}
