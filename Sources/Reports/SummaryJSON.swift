import Verdicts
import Measurements
/// `summary.json`: the summary metrics per policy for machines, with keys in a fixed order.
public enum SummaryJSON {
  public static func render(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    var out = "{\n  \"source\": \(quote(report.source)),"
    out += invocation(report.invocation)
    out += "\n  \"settings\": {"
    out += report.settings.map { "\n    \(quote($0.name)): \(quote($0.value))" }.joined(separator: ",")
    out += "\n  },\n  \"policies\": ["
    out += zip(report.runs, metrics).map { run, row in
      var entry = "\n    {\n      \"policy\": \(quote(run.policy))"
      for metric in row { entry += ",\n      \(quote(metric.name)): \(number(metric.value))" }
      return entry + "\n    }"
    }.joined(separator: ",")
    return out + "\n  ],\n  \"thresholds\": " + thresholds(report.thresholds, breaches: report.breaches) + "\n}\n"
  }

  /// `"tool"` and `"command_line"` members (each followed by a comma), or nothing.
  static func invocation(_ invocation: ReportInvocation?) -> String {
    guard let invocation else { return "" }
    return "\n  \"tool\": \(quote(invocation.tool)),\n  \"command_line\": \(quote(invocation.commandLine)),"
  }

  /// The `--fail-if` thresholds as a JSON array, each with the breaches it found.
  static func thresholds(_ thresholds: [Threshold], breaches: [ThresholdBreach]) -> String {
    guard !thresholds.isEmpty else { return "[]" }
    let entries = thresholds.map { threshold in
      var entry = "\n    {\n      \"expression\": \(quote(threshold.description)),"
      entry += "\n      \"policy\": \(threshold.policy.map(quote) ?? "null"),"
      entry += "\n      \"metric\": \(quote(threshold.metric.rawValue)),"
      entry += "\n      \"operator\": \(quote(threshold.comparison.rawValue)),"
      entry += "\n      \"value\": \(number(threshold.value)),"
      let hits = breaches.filter { $0.threshold == threshold }.map { breach in
        "\n        {\"policy\": \(quote(breach.policy)), " + (breach.point.map { "\"point\": \($0), " } ?? "")
          + "\"actual\": \(number(breach.actual))}"
      }
      entry += "\n      \"breached\": \(hits.isEmpty ? "false" : "true"),"
      entry += "\n      \"breaches\": [" + hits.joined(separator: ",") + (hits.isEmpty ? "]" : "\n      ]")
      return entry + "\n    }"
    }
    return "[" + entries.joined(separator: ",") + "\n  ]"
  }

  /// A JSON number, or null for a value JSON cannot hold (an infinite TTFT p99 over all offered).
  static func number(_ value: Double) -> String { value.isFinite ? NumberFormat.compact(value) : "null" }

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
