import Measurements
import Verdicts

/// `sweep.md`: one row per point with the trade-off metrics, then the recommended point and why.
public enum SweepMarkdown {
  /// Swept settings shown as columns, each only when its values differ between points.
  static func settingColumns(_ points: [SweepResult]) -> [(heading: String, cell: (SweepResult) -> String)] {
    var columns: [(String, (SweepResult) -> String)] = [
      ("policy", { $0.policy }), ("subset size", { $0.subsetSize ?? "-" }),
    ]
    func varies<T: Equatable>(_ key: (SweepResult) -> T) -> Bool {
      guard let first = points.first.map(key) else { return false }
      return points.contains { key($0) != first }
    }
    if varies(\.pods) { columns.append(("pods", { String($0.pods) })) }
    if Set(points.compactMap(\.spill)).count > 1 { columns.append(("spill", { $0.spill ?? "-" })) }
    if varies(\.muPerMinute) { columns.append(("MU/min", { NumberFormat.compact($0.muPerMinute) })) }
    return columns
  }

  /// The Markdown text of `report`, recommending `choice`.
  public static func render(_ report: SweepReport) -> String {
    let choice = report.choice
    var out = "# \(report.title)\n\n"
    let requests = report.points.first.map { NumberFormat.grouped(Int($0.value(.requests))) } ?? "0"
    out += "Log \(MarkdownText.codeSpan(report.source)): \(requests) requests, replayed at \(report.points.count) points.\n\n"
    for setting in report.settings { out += "- **\(setting.name)**: \(setting.value)\n" }
    out += "- **objective**: \(SweepObjectiveText.describe(report.objective))\n"
    if let invocation = report.invocation { out += "- **produced by**: \(invocation.tool): \(MarkdownText.codeSpan(invocation.commandLine))\n" }
    out += "\n"
    out += "## Points\n\n"
    out += pointsTable(report, choice: choice)
    out += "\nImbalance is the p99 over busy windows within the arrival span of the hottest pod's mean in-flight MU over the fleet mean "
    out += "(the maximum when fewer than 100 windows count); blast radius is the largest share of load one pod's failure touches over the run: "
    out += "the load whose key subset included it when it arrived (subset policies) or that it served (the others). "
    out += "TTFT p99 counts every offered request but the oversized, a rejected or lost one as slower than any; "
    out += "the reject rate leaves out oversized requests, which no pod could hold whatever the routing. "
    out += "Every definition: \(ReportDefinitions.link("muroute-sweep")).\n\n"
    out += "## Recommendation\n\n" + recommendation(report, choice: choice) + "\n\n"
    out += "![Trade-offs against subset size](\(SweepReport.tradeoffChartName))\n\n"
    out += "Every summary metric of every point is in `sweep.csv` and `sweep.json`.\n"
    if !report.thresholds.isEmpty {
      let breaches = report.breaches
      out += "\n## Thresholds\n\n| threshold | breached by |\n|---|---|\n"
      for threshold in report.thresholds {
        let hits = breaches.filter { $0.threshold == threshold }
          .map { "point \($0.point ?? 0) \($0.policy) (\(NumberFormat.compact($0.actual)))" }
        out += "| `\(threshold)` | \(hits.isEmpty ? "-" : hits.joined(separator: ", ")) |\n"
      }
    }
    return out
  }

  static func pointsTable(_ report: SweepReport, choice: SweepChoice?) -> String {
    let columns = settingColumns(report.points)
    // Named for what it is: below 100 counted windows the nearest-rank p99 is the maximum.
    let tail = report.points.allSatisfy { $0.value(.imbalanceWindows) < 100 } ? "max" : "p99"
    var out = "| # | " + columns.map(\.heading).joined(separator: " | ")
    out += " | cache hit | imbalance \(tail) | blast radius | TTFT p99 ms (all offered) | spill rate | reject rate | oversized | meets constraints |\n"
    out += "|---:|" + columns.map { _ in "---" }.joined(separator: "|") + "|---:|---:|---:|---:|---:|---:|---:|---|\n"
    for (index, point) in report.points.enumerated() {
      var cells = [index == choice?.index ? "**\(index + 1)**" : "\(index + 1)"]
      cells += columns.map { $0.cell(point) }
      cells += [
        NumberFormat.percent(point.value(.cacheHitRate)), NumberFormat.fixed(point.value(.imbalanceP99), 2),
        NumberFormat.percent(point.value(.blastRadius)), ttftCell(point.value(.ttftP99AllMs)),
        NumberFormat.percent(point.value(.spillRate), 2), NumberFormat.percent(point.value(.routingRejectRate), 2),
        NumberFormat.grouped(Int(point.value(.rejectedOversized))),
        report.verdict.meetsConstraints[index] ? "yes" : "no",
      ]
      out += "| " + cells.joined(separator: " | ") + " |\n"
    }
    return out
  }

  /// A TTFT p99 over all offered requests: "rejected" when more than 1% never got a token.
  static func ttftCell(_ millis: Double) -> String {
    millis.isFinite ? NumberFormat.grouped(millis, 1) : "over 1% rejected"
  }

  /// A point named by its settings, e.g. "point 3 (mu-subset, subset size 4, 8 pods, spill global)".
  public static func name(_ point: SweepResult, index: Int) -> String {
    var parts = [point.policy]
    if let size = point.subsetSize { parts.append("subset size \(size)") }
    parts.append("\(point.pods) pods")
    if let spill = point.spill { parts.append("spill \(spill)") }
    parts.append("\(NumberFormat.compact(point.muPerMinute)) MU/min")
    return "point \(index + 1) (" + parts.joined(separator: ", ") + ")"
  }

  static func goalValue(_ point: SweepResult, _ goal: SweepObjective.Goal) -> String {
    let value = point.value(goal.metric)
    switch goal {
    case .maxCacheHit: return "cache hit rate \(NumberFormat.percent(value))"
    case .minP99TTFT: return "p99 TTFT over all offered \(ttftCell(value))\(value.isFinite ? " ms" : "")"
    case .minImbalance: return "p99 imbalance \(NumberFormat.fixed(value, 2))"
    case .minBlastRadius: return "blast radius \(NumberFormat.percent(value))"
    }
  }

  static func recommendation(_ report: SweepReport, choice: SweepChoice?) -> String {
    guard let choice, report.points.indices.contains(choice.index) else { return "No point was replayed." }
    let point = report.points[choice.index]
    let objective = report.objective
    let best = objective.goal.maximises ? "highest" : "lowest"
    let value = goalValue(point, objective.goal)
    if choice.meetsConstraints {
      let among =
        objective.constraints.isEmpty
        ? "of all \(report.points.count) points"
        : "among the \(choice.feasibleCount) of \(report.points.count) points that meet the constraints"
      return "Recommended: **\(name(point, index: choice.index))**, with the \(best) \(value) \(among)."
    }
    let misses = objective.misses(point).map {
      "\(SweepObjectiveText.label($0)) \(NumberFormat.compact(point.value($0.metric), maxDigits: 3)) (limit \(NumberFormat.compact($0.limit)))"
    }
    return "No point meets the constraints. Closest: **\(name(point, index: choice.index))**, "
      + "which misses them least: \(misses.joined(separator: ", ")); \(value)."
  }
}
