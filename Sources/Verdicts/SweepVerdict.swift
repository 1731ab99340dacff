/// What a sweep decided: the objective as applied (a relative imbalance limit made absolute),
/// which points meet it, the recommended point, and the `--fail-if` breaches. Reports render it.
public struct SweepVerdict: Sendable, Equatable {
  /// The objective as asked for.
  public var requestedObjective: SweepObjective
  /// The objective resolved over the points.
  public var objective: SweepObjective
  /// Whether each point meets the objective's constraints, in point order.
  public var meetsConstraints: [Bool]
  /// The recommended point, or the closest when none meets the constraints; nil without points.
  public var choice: SweepChoice?
  /// Every `--fail-if` threshold checked against every point.
  public var thresholds: [Threshold]
  public var breaches: [ThresholdBreach]

  public init(points: [SweepResult], objective: SweepObjective, thresholds: [Threshold] = []) {
    requestedObjective = objective
    self.objective = objective.resolved(for: points)
    meetsConstraints = points.map(self.objective.meets)
    choice = objective.choose(points)
    self.thresholds = thresholds
    let rows = points.enumerated().map { MeasuredRow(policy: $0.element.policy, point: $0.offset + 1, metrics: $0.element.metrics) }
    breaches = Threshold.breaches(of: thresholds, in: rows)
  }
}
