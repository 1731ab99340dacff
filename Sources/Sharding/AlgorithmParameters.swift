/// The thresholds of one generation, derived from the configuration, pod count and total load
/// (Dicer's `Config` and `DesiredLoadRange`).
struct AlgorithmParameters: Sendable, Equatable {
  var podCount: Int
  var minReplicas: Int
  var maxReplicas: Int
  /// Mean adjusted load per pod.
  var averageLoad: Double
  /// Absolute imbalance tolerance: tau times max(maxLoadHint, average).
  var tolerance: Double
  /// Per-replica load above which a slice is split.
  var splitThreshold: Double
  var minDesiredExisting: Double
  var minDesiredNew: Double
  var maxDesired: Double
  var churnPenaltyRatio: Double
  var undershootCoefficient: Double
  var overshootCoefficient: Double
  var emptyPenalty: Double
  var minTotalReplicas: Int
  var maxTotalReplicas: Int

  init(config: ShardingConfiguration, podCount: Int, totalAdjustedLoad: Double) {
    precondition(podCount > 0, "parameters need at least one pod")
    let tiny = Double.leastNonzeroMagnitude
    self.podCount = podCount
    let bounds = config.replicaBounds(podCount: podCount)
    minReplicas = bounds.lowerBound
    maxReplicas = bounds.upperBound
    averageLoad = totalAdjustedLoad / Double(podCount)
    // A badly underestimated hint must not shrink the tolerance, so take the larger of the two.
    let adjustedHint = Swift.max(config.maxLoadHint, averageLoad)
    tolerance = Swift.max(config.imbalanceTolerance * adjustedHint, tiny)
    splitThreshold = tolerance
    minDesiredExisting = Swift.max(averageLoad - tolerance, tiny)
    minDesiredNew = Swift.max(averageLoad, tiny)
    maxDesired = Swift.max(averageLoad + tolerance, minDesiredExisting, minDesiredNew)
    churnPenaltyRatio = config.churnPenaltyRatio
    undershootCoefficient = config.undershootCoefficient
    overshootCoefficient = config.overshootCoefficient
    emptyPenalty = config.emptyPenaltyFactor * maxDesired
    minTotalReplicas = config.minSliceReplicasPerPod * podCount
    maxTotalReplicas = config.maxSliceReplicasPerPod * podCount
  }

  /// Dicer's per-resource penalty for carrying `load`.
  func resourcePenalty(load: Double, isEmpty: Bool, isNew: Bool) -> Double {
    if isEmpty { return emptyPenalty }
    let minimum = isNew ? minDesiredNew : minDesiredExisting
    if load < minimum {
      let shortfall = minimum - load
      let factor = 1 + shortfall / minimum
      return factor * factor * shortfall * undershootCoefficient
    }
    if load > maxDesired {
      let ratio = load / maxDesired
      return ratio * ratio * (load - maxDesired) * overshootCoefficient
    }
    return 0
  }
}
