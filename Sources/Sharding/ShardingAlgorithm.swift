import Workload

/// Open Dicer's assignment algorithm as pure functions: same inputs, same assignment.
public enum ShardingAlgorithm {
  /// The next assignment after `base` for `healthyPods` under `loadMap` (measured load).
  ///
  /// Runs Dicer's phases in order: deallocation, replica bounds, hot splits, merge, split to
  /// the minimum count, placement local search, merge again. With no healthy pod, returns
  /// `base` unchanged. The result's generation is `base.generation + 1`.
  public static func generate(
    base: Assignment, healthyPods: [PodID], loadMap: LoadMap, config: ShardingConfiguration
  ) -> Assignment {
    let pods = Array(Set(healthyPods)).sorted()
    guard !pods.isEmpty else { return base }
    // Reserve headroom for load that has not shown up yet, spread over the whole key space.
    let reserved = config.uniformReservation * config.maxLoadHint * Double(pods.count)
    let adjusted = loadMap.withAddedUniformLoad(reserved)
    let parameters = AlgorithmParameters(config: config, podCount: pods.count, totalAdjustedLoad: adjusted.totalLoad)
    var working = WorkingAssignment(base: base, healthyPods: pods, adjustedLoadMap: adjusted)
    working.deallocateUnhealthyPods()
    working.enforceReplicaBounds(parameters)
    working.splitHotSlices(parameters, splitLimit: config.hotSplitLimitPerPod * pods.count)
    working.mergeColdSlices(parameters)
    working.splitToMinimumReplicaCount(parameters)
    working.placeByLocalSearch(parameters, moveLimit: config.placementMoveLimit)
    working.mergeColdSlices(parameters)
    let result = working.assignment(generation: base.generation + 1, measuredLoadMap: loadMap)
    #if MUROUTE_INTERNAL_CHECKS
      let violations = result.validate(healthyPods: pods, config: config)
      precondition(violations.isEmpty, "generated assignment breaks invariants: \(violations.prefix(5))")
    #endif
    return result
  }
}
