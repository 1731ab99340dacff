import Measurements

/// The measured outcome of one sweep point: its swept settings and its summary metrics.
public struct SweepResult: Sendable, Equatable {
  public var policy: String
  /// `N` or `MIN:MAX`; nil for policies that do not route by key subsets.
  public var subsetSize: String?
  /// The subset size's upper bound (the chart's x value); nil with `subsetSize`.
  public var subsetSizeMax: Int?
  public var pods: Int
  /// Spill policy; nil for policies that do not route by key subsets.
  public var spill: String?
  public var muPerMinute: Double
  /// The summary metrics of the point's replay, in `SummaryMetrics` order.
  public var metrics: [SummaryMetric]

  public init(
    policy: String, subsetSize: String?, subsetSizeMax: Int?, pods: Int, spill: String?, muPerMinute: Double,
    metrics: [SummaryMetric]
  ) {
    self.policy = policy
    self.subsetSize = subsetSize
    self.subsetSizeMax = subsetSizeMax
    self.pods = pods
    self.spill = spill
    self.muPerMinute = muPerMinute
    self.metrics = metrics
  }

  /// The value of `key`, or 0 when absent.
  public func value(_ key: MetricKey) -> Double {
    metrics[key] ?? 0
  }

  /// Pods a key can reach: its subset's upper bound, or the whole fleet without subsets.
  var reach: Int { subsetSizeMax ?? pods }
}
