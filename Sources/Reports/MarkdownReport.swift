import Measurements
import SimCore

/// `report.md`: the numbers that matter and the worst offender first, then one section per
/// concern (hotspots, spill-over, cache locality, latency, sharding, blast radius) across policies.
public enum MarkdownReport {
  /// The columns of the side-by-side table: metric name, heading.
  static let comparedColumns: [(metric: MetricKey, heading: String)] = [
    (.completed, "completed"), (.rejected, "rejected"), (.rejectedOverload, "rejected overload"),
    (.spillRate, "spill rate"),
    (.ttftP50Ms, "TTFT p50 ms"), (.ttftP99Ms, "TTFT p99 ms"), (.tpotP50Ms, "TPOT p50 ms"),
    (.tpotP99Ms, "TPOT p99 ms"), (.e2eP99Ms, "E2E p99 ms"), (.cacheHitRate, "cache hit"),
    (.imbalanceMean, "imbalance mean"), (.imbalanceP99, "imbalance p99"),
    (.blastMaxKeyShare, "blast radius (max key share)"),
  ]

  public static func render(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    var out = "# \(report.title)\n\n"
    out += opening(report, metrics: metrics)
    let first = report.runs.first
    let requests = first.map { NumberFormat.grouped($0.offered) } ?? "0"
    let simulated = first.map { NumberFormat.grouped($0.simulatedDuration.seconds / 60, 1) } ?? "0"
    out += "Log \(MarkdownText.codeSpan(report.source)): \(requests) requests over \(simulated) simulated minutes.\n\n"
    for setting in report.settings { out += "- **\(setting.name)**: \(setting.value)\n" }
    for note in report.notes { out += "- \(note)\n" }
    if let invocation = report.invocation {
      out += "- **produced by**: \(invocation.tool): \(MarkdownText.codeSpan(invocation.commandLine))\n"
    }
    out += "\n## Summary\n\n"
    if report.runs.isEmpty { out += "No policy was replayed.\n\n" }
    out += comparisonTable(report, metrics: metrics)
    out += thresholdsSection(report)
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

  /// The value of `key` in `row`, 0 when the row lacks it (admission columns without contracts).
  static func value(_ row: [SummaryMetric], _ key: MetricKey) -> Double {
    row[key] ?? 0
  }

  static func comparisonTable(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    guard !report.runs.isEmpty else { return "" }
    let baselineRow = report.baseline.flatMap { name in zip(report.runs, metrics).first { $0.0.policy == name }?.1 }
    let tail = imbalanceTailName(report)
    // The overload ceiling's column appears only when it refused someone: a column of zeros
    // would only widen the table.
    let columns = comparedColumns.filter { column in
      column.metric != .rejectedOverload || metrics.contains { value($0, column.metric) > 0 }
    }
    let headings = columns.map { $0.metric == .imbalanceP99 ? "imbalance \(tail)" : $0.heading }
    var out = "| policy | " + headings.joined(separator: " | ") + " |\n"
    out += "|---|" + columns.map { _ in "---:" }.joined(separator: "|") + "|\n"
    for (run, row) in zip(report.runs, metrics) {
      var cells = [run.policy]
      for column in columns {
        guard let metric = row.first(where: { $0.key == column.metric }) else {
          cells.append("")
          continue
        }
        let isShare = column.metric.rawValue.hasSuffix("_rate") || column.metric.rawValue.hasSuffix("_share")
        var cell = isShare ? NumberFormat.percent(metric.value, 1) : NumberFormat.grouped(metric.value, metric.digits)
        if let baselineRow, run.policy != report.baseline,
          let base = baselineRow[column.metric],
          let change = NumberFormat.change(from: base, to: metric.value, isShare: isShare)
        {
          cell += " (\(change))"
        }
        cells.append(cell)
      }
      out += "| " + cells.joined(separator: " | ") + " |\n"
    }
    if let baseline = report.baseline, baselineRow != nil {
      out += "\nIn parentheses, changes against `\(baseline)`: `pp` marks percentage points (for rates and shares), `%` a relative change; "
      out += "no parenthesis, no change at the precision shown.\n"
    }
    out +=
      "Imbalance counts the busy windows within the arrival span; \(tail == "max" ? "fewer than 100 count, so its tail is the maximum" : "its tail is the p99 over them (the maximum where fewer than 100 count)"). "
    out += "Definitions: \(ReportDefinitions.link("summarycsv-columns")).\n"
    return out + "\n"
  }

  /// Every `--fail-if` threshold and whether it was breached; empty without thresholds.
  static func thresholdsSection(_ report: ReplayReport) -> String {
    guard !report.thresholds.isEmpty else { return "" }
    let breaches = report.breaches
    var out = "## Thresholds\n\n| threshold | breached by |\n|---|---|\n"
    for threshold in report.thresholds {
      let hits = breaches.filter { $0.threshold == threshold }
        .map { "\($0.policy) (\($0.threshold.metric) = \(NumberFormat.compact($0.actual)))" }
      out += "| `\(threshold)` | \(hits.isEmpty ? "-" : hits.joined(separator: ", ")) |\n"
    }
    out +=
      breaches.isEmpty
      ? "\nNo threshold was breached.\n\n" : "\n\(breaches.count == 1 ? "One breach" : "\(breaches.count) breaches"): the run exits with status 3.\n\n"
    return out
  }

  static func latencyLine(_ name: String, _ s: LatencySummary) -> String {
    "\(name) p50 \(NumberFormat.grouped(s.p50, 1)) / p90 \(NumberFormat.grouped(s.p90, 1)) / p99 \(NumberFormat.grouped(s.p99, 1))"
  }
}
