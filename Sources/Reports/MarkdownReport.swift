import Measurements
import SimCore

/// `report.md`: the numbers that matter and the worst offender first, then one section per
/// concern (hotspots, spill-over, cache locality, latency, sharding, blast radius) across policies.
public enum MarkdownReport {
  /// The columns of the side-by-side table: metric name, heading.
  static let comparedColumns: [(metric: String, heading: String)] = [
    ("completed", "completed"), ("rejected", "rejected"), ("rejected_overload", "rejected overload"),
    ("spill_rate", "spill rate"),
    ("ttft_p50_ms", "TTFT p50 ms"), ("ttft_p99_ms", "TTFT p99 ms"), ("tpot_p50_ms", "TPOT p50 ms"),
    ("tpot_p99_ms", "TPOT p99 ms"), ("e2e_p99_ms", "E2E p99 ms"), ("cache_hit_rate", "cache hit"),
    ("imbalance_mean", "imbalance mean"), ("imbalance_p99", "imbalance p99"),
    ("blast_max_key_share", "blast radius (max key share)"),
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
    out += hotspotsSection(report)
    out += spillSection(report)
    out += cacheSection(report)
    out += latencySection(report)
    out += shardingSection(report)
    out += fleetEventsSection(report)
    out += autoscalingSection(report)
    out += blastSection(report)
    out += ObservedSection.render(report)
    out += admissionSection(report)
    return out
  }

  static func value(_ row: [SummaryMetric], _ name: String) -> Double {
    row.first { $0.name == name }?.value ?? 0
  }

  /// One paragraph naming the best policy on tail latency and the worst hotspot.
  static func headline(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    guard !report.runs.isEmpty else { return "No policy was replayed.\n\n" }
    let rows = Array(zip(report.runs, metrics))
    var text = ""
    if rows.count > 1, let best = rows.min(by: { value($0.1, "ttft_p99_ms") < value($1.1, "ttft_p99_ms") }) {
      text += "Lowest TTFT p99: **\(best.0.policy)** (\(NumberFormat.fixed(value(best.1, "ttft_p99_ms"), 1)) ms). "
    }
    if rows.count > 1, let best = rows.max(by: { value($0.1, "cache_hit_rate") < value($1.1, "cache_hit_rate") }) {
      text += "Highest cache hit rate: **\(best.0.policy)** (\(NumberFormat.percent(value(best.1, "cache_hit_rate")))). "
    }
    if let (run, row) = rows.max(by: { value($0.1, "hottest_pod_mu") < value($1.1, "hottest_pod_mu") }),
      value(row, "hottest_pod") >= 0
    {
      let mu = value(row, "hottest_pod_mu")
      text += "Worst hotspot: pod \(Int(value(row, "hottest_pod"))) under **\(run.policy)**, \(NumberFormat.fixed(mu, 1)) MU in flight on average "
      text += "in the window starting at \(NumberFormat.fixed(value(row, "hottest_window_start_s"), 0)) s "
      text += "(\(NumberFormat.percent(mu / max(report.podCapacityMU, 1e-9), 0)) of a pod's capacity)."
    }
    return text + "\n\n"
  }

  static func comparisonTable(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    let baselineRow = report.baseline.flatMap { name in zip(report.runs, metrics).first { $0.0.policy == name }?.1 }
    var out = "| policy | " + comparedColumns.map(\.heading).joined(separator: " | ") + " |\n"
    out += "|---|" + comparedColumns.map { _ in "---:" }.joined(separator: "|") + "|\n"
    for (run, row) in zip(report.runs, metrics) {
      var cells = [run.policy]
      for column in comparedColumns {
        guard let metric = row.first(where: { $0.name == column.metric }) else {
          cells.append("")
          continue
        }
        let isShare = column.metric.hasSuffix("_rate") || column.metric.hasSuffix("_share")
        var cell = isShare ? NumberFormat.percent(metric.value, 1) : NumberFormat.fixed(metric.value, metric.digits)
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

  static func latencyLine(_ name: String, _ s: LatencySummary) -> String {
    "\(name) p50 \(NumberFormat.fixed(s.p50, 1)) / p90 \(NumberFormat.fixed(s.p90, 1)) / p99 \(NumberFormat.fixed(s.p99, 1))"
  }
}
