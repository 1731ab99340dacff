import Measurements

/// The error table of the "Observed vs replayed" section: TTFT, TPOT and E2E percentiles of each
/// policy's replay against production's, over the whole fleet, and one sentence on how far the
/// replay can be trusted. Pods are not compared: a replay routes requests to other pods than
/// production did, so a per-pod error would mix routing with the cost model.
public enum ObservedErrorTable {
  /// TTFT, TPOT and E2E of one source.
  public struct Latencies: Sendable, Equatable {
    public var ttft: LatencySummary
    public var tpot: LatencySummary
    public var e2e: LatencySummary

    public init(ttft: LatencySummary, tpot: LatencySummary, e2e: LatencySummary) {
      self.ttft = ttft
      self.tpot = tpot
      self.e2e = e2e
    }

    var metrics: [(name: String, summary: LatencySummary)] { [("TTFT", ttft), ("TPOT", tpot), ("E2E", e2e)] }
  }

  static var percentiles: [(name: String, value: KeyPath<LatencySummary, Double>)] {
    [("p50", \.p50), ("p90", \.p90), ("p99", \.p99)]
  }

  /// `replayed / observed - 1`; nil when either side recorded nothing or production's value is 0.
  static func relativeError(replayed: LatencySummary, observed: LatencySummary, _ percentile: KeyPath<LatencySummary, Double>) -> Double? {
    guard replayed.count > 0, observed.count > 0, observed[keyPath: percentile] > 0 else { return nil }
    return replayed[keyPath: percentile] / observed[keyPath: percentile] - 1
  }

  /// A signed relative error for the table, e.g. `+12.5%`, `-18.0%`.
  static func signed(_ error: Double) -> String {
    (error >= 0 ? "+" : "") + NumberFormat.percent(error)
  }

  /// The largest absolute error of one replay: which metric and percentile, and its value.
  struct Miss: Equatable {
    var metric: String
    var percentile: String
    var error: Double
  }

  static func largestMiss(_ replayed: Latencies, observed: Latencies) -> Miss? {
    var worst: Miss?
    for ((metric, r), (_, o)) in zip(replayed.metrics, observed.metrics) {
      for (name, value) in percentiles {
        guard let error = relativeError(replayed: r, observed: o, value) else { continue }
        if worst.map({ abs(error) > abs($0.error) }) ?? true { worst = Miss(metric: metric, percentile: name, error: error) }
      }
    }
    return worst
  }

  /// The sentence on trust: the replay whose largest miss is smallest (the first on a tie), and that miss.
  static func trustSentence(observed: Latencies, replays: [(policy: String, latencies: Latencies)]) -> String {
    var best: (policy: String, miss: Miss)?
    for replay in replays {
      guard let miss = largestMiss(replay.latencies, observed: observed) else { continue }
      if best.map({ abs(miss.error) < abs($0.miss.error) }) ?? true { best = (replay.policy, miss) }
    }
    guard let best else {
      return "No percentile can be compared: production's log or the replays hold no TTFT, TPOT or E2E values.\n"
    }
    let size = NumberFormat.percent(abs(best.miss.error))
    let direction = best.miss.error >= 0 ? "above" : "below"
    return "How far to trust the replay: the closest one, \(MarkdownText.escaped(best.policy)), misses no percentile above "
      + "by more than \(size); its replayed \(best.miss.metric) \(best.miss.percentile) is \(size) \(direction) observed.\n"
  }

  /// The table and the trust sentence, in Markdown.
  public static func render(observed: Latencies, replays: [(policy: String, latencies: Latencies)]) -> String {
    var out = "\nError of the replay, fleet-wide: percentiles in ms, each replay's with its relative error "
    out += "(replayed / observed - 1). Observed TPOT is (`e2e_ms` - `ttft_ms`) / (output tokens - 1) over records "
    out += "with both times and at least two output tokens, as the replay measures its own.\n\n"
    out += "| metric | source | p50 ms | p90 ms | p99 ms |\n|---|---|---:|---:|---:|\n"
    for (index, (metric, o)) in observed.metrics.enumerated() {
      let cells = percentiles.map { o.count > 0 ? NumberFormat.grouped(o[keyPath: $0.value], 1) : "-" }
      out += "| \(metric) | observed | " + cells.joined(separator: " | ") + " |\n"
      for replay in replays {
        let r = replay.latencies.metrics[index].summary
        let cells = percentiles.map { percentile -> String in
          guard r.count > 0 else { return "-" }
          let value = NumberFormat.grouped(r[keyPath: percentile.value], 1)
          return relativeError(replayed: r, observed: o, percentile.value).map { "\(value) (\(signed($0)))" } ?? value
        }
        out += "| \(metric) | \(MarkdownText.escaped(replay.policy)) (replay) | " + cells.joined(separator: " | ") + " |\n"
      }
    }
    out += "\n" + trustSentence(observed: observed, replays: replays)
    out += "\nPer pod, production's pods cannot be matched to the replay's: routing sends requests elsewhere. "
    out += "`muroute calibrate` replays the log with every request pinned to the pod it ran on and reports "
    out += "the per-request TTFT and TPOT error there.\n"
    return out
  }
}
