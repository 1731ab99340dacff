import Foundation
import Measurements

/// A nightly-job threshold such as `spill_rate > 0.02` or `mu-subset:ttft_p99_ms >= 2000`.
///
/// Without a policy prefix the threshold applies to every policy in the run.
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
  public enum Comparison: String, Sendable, CaseIterable {
    case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "==", notEqual = "!="

    func holds(_ lhs: Double, _ rhs: Double) -> Bool {
      switch self {
      case .greater: lhs > rhs
      case .greaterOrEqual: lhs >= rhs
      case .less: lhs < rhs
      case .lessOrEqual: lhs <= rhs
      case .equal: lhs == rhs
      case .notEqual: lhs != rhs
      }
    }
  }

  public var policy: String?
  public var metric: MetricKey
  public var comparison: Comparison
  public var value: Double

  /// The number as written (`0.02`), so that the expression reads back as the user gave it.
  public var valueText: String

  /// `[policy:]metric OP number`, spaced evenly.
  public var description: String {
    (policy.map { "\($0):" } ?? "") + "\(metric) \(comparison.rawValue) \(valueText)"
  }

  /// Parses `[policy:]metric OP number`; the error says what is wrong and shows the form.
  public init(parsing text: String, knownMetrics: [String]) throws(ThresholdError) {
    let form = "expected '[policy:]metric OP number' with OP one of > >= < <= == !=, e.g. 'spill_rate > 0.02'"
    // Two-character operators first so that '>=' is not read as '>'.
    let operators: [Comparison] = [.greaterOrEqual, .lessOrEqual, .equal, .notEqual, .greater, .less]
    guard let op = operators.first(where: { text.contains($0.rawValue) }),
      let range = text.range(of: op.rawValue)
    else { throw ThresholdError("'\(text)': no comparison operator; \(form)") }
    var left = text[..<range.lowerBound].trimmingCharacters(in: " ")
    let right = text[range.upperBound...].trimmingCharacters(in: " ")
    guard let number = Double(right), number.isFinite else {
      throw ThresholdError("'\(text)': '\(right)' is not a number; \(form)")
    }
    var policy: String? = nil
    if let colon = left.lastIndex(of: ":") {
      policy = String(left[..<colon])
      left = String(left[left.index(after: colon)...])
    }
    guard knownMetrics.contains(left), let key = MetricKey(rawValue: left) else {
      throw ThresholdError("'\(text)': unknown metric '\(left)'; metrics are the columns of summary.csv: \(knownMetrics.joined(separator: ", "))")
    }
    self.policy = policy
    self.metric = key
    self.comparison = op
    self.value = number
    self.valueText = right
  }

  /// True when `actual` breaches this threshold (the expression reads as the failure condition).
  public func isBreached(by actual: Double) -> Bool { comparison.holds(actual, value) }

  /// Checks that the threshold can fire in a run of `policies` whose summary has `metrics`: a
  /// threshold naming a policy that is not replayed, or a metric the run does not produce (e.g.
  /// an admission column without contracts), would otherwise never fire and the job pass silently.
  public func validate(policies: [String], metrics: [String]) throws(ThresholdError) {
    if let policy, !policies.contains(policy) {
      throw ThresholdError(
        "'\(self)': policy '\(policy)' is not replayed in this run (policies: \(policies.joined(separator: ", "))); add --policy \(policy) or drop the prefix")
    }
    guard metrics.contains(metric.rawValue) else {
      throw ThresholdError("'\(self)': this run has no metric '\(metric)' (it is only produced with another setting, e.g. --contracts for admission columns)")
    }
  }
}

/// A threshold that could not be parsed.
public struct ThresholdError: Error, CustomStringConvertible, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// One breached threshold: which policy (and sweep point), the expression, and the value that breached it.
public struct ThresholdBreach: Sendable, Equatable {
  public var policy: String
  /// The sweep point (1-based) that breached it; nil in a replay.
  public var point: Int? = nil
  public var threshold: Threshold
  public var actual: Double
}

/// The summary metrics a threshold is checked against: one policy's run, or one sweep point's.
public struct MeasuredRow: Sendable {
  public var policy: String
  /// The sweep point (1-based); nil in a replay.
  public var point: Int?
  public var metrics: [SummaryMetric]

  public init(policy: String, point: Int? = nil, metrics: [SummaryMetric]) {
    self.policy = policy
    self.point = point
    self.metrics = metrics
  }
}

extension Threshold {
  /// Every breach of `thresholds` among `rows`, in threshold then row order. A breach of any
  /// threshold is what makes a nightly run exit with status 3.
  public static func breaches(of thresholds: [Threshold], in rows: [MeasuredRow]) -> [ThresholdBreach] {
    var breaches: [ThresholdBreach] = []
    for threshold in thresholds {
      for row in rows where threshold.policy == nil || threshold.policy == row.policy {
        if let actual = row.metrics[threshold.metric], threshold.isBreached(by: actual) {
          breaches.append(ThresholdBreach(policy: row.policy, point: row.point, threshold: threshold, actual: actual))
        }
      }
    }
    return breaches
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: Character) -> String {
    String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
  }
}
