import SimCore
import Testing
import Workload

@testable import Sharding

@Suite struct ShardingPropertyTests {
  /// Stationary Zipf load, pods fixed: invariants hold every round and the imbalance falls into
  /// the tolerance band (avg 1000 per pod, hint 1000, tau 0.10: max <= 1100 plus slack for
  /// reservation and unsplittable keys).
  @Test(arguments: [(1, 1), (2, 3)])
  func stationaryLoadConvergesIntoToleranceBand(replicas: (Int, Int)) {
    var random = SplitMix64(seed: 7, stream: "stationary")
    let podCount = 6
    let config = ShardingConfiguration(minReplicas: replicas.0, maxReplicas: replicas.1, maxLoadHint: 1000)
    let loadMap = zipfLoadMap(keyCount: 2_000, exponent: 0.9, total: 6_000, random: &random)
    guard var assignment = ShardingAlgorithm.initialAssignment(pods: pods(podCount), config: config) else {
      Issue.record("no initial assignment")
      return
    }
    let before = imbalance(podLoads(assignment, loadMap, podCount: podCount), over: pods(podCount))
    for _ in 0..<4 {
      assignment = ShardingAlgorithm.generate(base: assignment, healthyPods: pods(podCount), loadMap: loadMap, config: config)
      #expect(assignment.validate(healthyPods: pods(podCount), config: config).isEmpty)
    }
    let after = imbalance(podLoads(assignment, loadMap, podCount: podCount), over: pods(podCount))
    #expect(after < before)
    #expect(after <= 1.12)
  }
}
