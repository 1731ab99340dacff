import Verdicts
import Measurements
/// `sweep.csv`: one row per point (wide): the swept settings, the objective's verdict, then every
/// summary metric under its `summary.csv` column name.
public enum SweepCSV {
  /// The columns before the summary metrics.
  public static let settingColumns = [
    "point", "policy", "subset_size", "pods", "spill", "mu_per_minute", "meets_constraints", "recommended",
  ]

  /// The CSV text of `report`, marking `choice` as recommended.
  public static func render(_ report: SweepReport) -> String {
    let choice = report.choice
    let names = report.points.first?.metrics.map(\.name) ?? SummaryMetrics.names
    var table = CSVTable(header: settingColumns + names)
    for (index, point) in report.points.enumerated() {
      var row = [
        String(index + 1), point.policy, point.subsetSize ?? "", String(point.pods), point.spill ?? "",
        NumberFormat.compact(point.muPerMinute), report.verdict.meetsConstraints[index] ? "1" : "0",
        choice?.index == index ? "1" : "0",
      ]
      row += point.metrics.map { NumberFormat.compact($0.value) }
      table.appendRow(row)
    }
    return table.contents
  }
}

/// `sweep.json`: the objective, the recommended point and every point's settings and metrics.
public enum SweepJSON {
  /// The JSON text of `report`, naming `choice` as recommended.
  public static func render(_ report: SweepReport) -> String {
    let choice = report.choice
    let quote = SummaryJSON.quote
    var out = "{\n  \"source\": \(quote(report.source)),"
    out += SummaryJSON.invocation(report.invocation)
    out += "\n  \"objective\": {"
    out += "\n    \"description\": \(quote(SweepObjectiveText.describe(report.objective))),"
    out += "\n    \"goal\": \(quote(report.objective.goal.rawValue)),"
    out += "\n    \"max_imbalance\": \(report.objective.maxImbalance.map { NumberFormat.compact($0) } ?? "null"),"
    out += "\n    \"max_imbalance_over_best\": \(report.objective.maxImbalanceOverBest.map { NumberFormat.compact($0) } ?? "null"),"
    out += "\n    \"max_spill_rate\": \(report.objective.maxSpillRate.map { NumberFormat.compact($0) } ?? "null"),"
    out += "\n    \"max_reject_rate\": \(report.objective.maxRejectRate.map { NumberFormat.compact($0) } ?? "null")"
    out += "\n  },\n  \"settings\": {"
    out += report.settings.map { "\n    \(quote($0.name)): \(quote($0.value))" }.joined(separator: ",")
    out += "\n  },\n  \"recommended\": \(choice.map { String($0.index + 1) } ?? "null"),"
    out += "\n  \"recommended_meets_constraints\": \(choice?.meetsConstraints == true ? "true" : "false"),"
    out += "\n  \"points\": ["
    out += report.points.enumerated().map { index, point in
      var entry = "\n    {\n      \"point\": \(index + 1),\n      \"policy\": \(quote(point.policy)),"
      entry += "\n      \"subset_size\": \(point.subsetSize.map(quote) ?? "null"),"
      entry += "\n      \"pods\": \(point.pods),\n      \"spill\": \(point.spill.map(quote) ?? "null"),"
      entry += "\n      \"mu_per_minute\": \(NumberFormat.compact(point.muPerMinute)),"
      entry += "\n      \"meets_constraints\": \(report.verdict.meetsConstraints[index] ? "true" : "false")"
      for metric in point.metrics { entry += ",\n      \(quote(metric.name)): \(SummaryJSON.number(metric.value))" }
      return entry + "\n    }"
    }.joined(separator: ",")
    return out + "\n  ],\n  \"thresholds\": " + SummaryJSON.thresholds(report.thresholds, breaches: report.breaches) + "\n}\n"
  }
}
