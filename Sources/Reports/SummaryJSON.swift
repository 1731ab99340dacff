/// `summary.json`: the summary metrics per policy for machines, with keys in a fixed order.
public enum SummaryJSON {
  public static func render(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    var out = "{\n  \"source\": \(quote(report.source)),\n  \"settings\": {"
    out += report.settings.map { "\n    \(quote($0.name)): \(quote($0.value))" }.joined(separator: ",")
    out += "\n  },\n  \"policies\": ["
    out += zip(report.runs, metrics).map { run, row in
      var entry = "\n    {\n      \"policy\": \(quote(run.policy))"
      for metric in row { entry += ",\n      \(quote(metric.name)): \(NumberFormat.compact(metric.value))" }
      return entry + "\n    }"
    }.joined(separator: ",")
    return out + "\n  ]\n}\n"
  }

  /// A JSON string literal.
  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
