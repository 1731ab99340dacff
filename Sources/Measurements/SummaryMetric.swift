/// One named number of a policy's summary, as it appears in `summary.csv` and thresholds.
public struct SummaryMetric: Sendable, Equatable {
  public var key: MetricKey
  public var value: Double
  /// Decimals shown in human tables (CSV prints up to six, trailing zeros dropped).
  public var digits: Int

  /// Stable snake_case column name (documented in docs/reports.md).
  public var name: String { key.rawValue }

  public init(_ key: MetricKey, _ value: Double, digits: Int = 3) {
    self.key = key
    self.value = value
    self.digits = digits
  }
}

extension [SummaryMetric] {
  /// The value of `key` in this row; nil when the row lacks it (admission columns without contracts).
  public subscript(_ key: MetricKey) -> Double? {
    first { $0.key == key }?.value
  }
}
