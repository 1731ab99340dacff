import Testing
import Workload

@testable import Sharding

@Suite struct ConstraintPhaseTests {
  static func parameters(min: Int, max: Int, pods: Int) -> AlgorithmParameters {
    AlgorithmParameters(config: .init(minReplicas: min, maxReplicas: max, maxLoadHint: 1000), podCount: pods, totalAdjustedLoad: 400)
  }

  @Test func orphanedSliceGoesToTheColdestPod() {
    // After pod 3 dies: pod 0 holds 200, pod 1 100, pod 2 nothing: the orphan goes to pod 2.
    var model = working(equalSlices([[0], [0], [1], [3]]), equalSliceLoads([100, 100, 100, 100]), healthy: [0, 1, 2])
    model.deallocateUnhealthyPods()
    model.enforceReplicaBounds(Self.parameters(min: 1, max: 1, pods: 3))
    #expect(replicaIDs(model) == [[0], [0], [1], [2]])
  }

  @Test func missingReplicasGoToTheColdestPodsInKeyOrder() {
    // Start (after pod 3 dies): loads 0: 200, 1: 100, 2: 0. min 2 replicas, visited in order:
    // s0 {0} + coldest lacking = 2 -> halves 50/50: 0: 150, 2: 50.
    // s1 {0} + coldest lacking = 2 (50) -> 0: 100, 2: 100.
    // s2 {1} + coldest lacking: 0 (100) ties 2 (100) -> lowest id 0 -> 0: 150, 1: 50.
    // s3 {} + coldest = 1 (50) -> 1: 150; + coldest lacking: 0 (150) vs 2 (100) -> 2: 1: 100, 2: 150.
    var model = working(equalSlices([[0], [0], [1], [3]]), equalSliceLoads([100, 100, 100, 100]), healthy: [0, 1, 2])
    model.deallocateUnhealthyPods()
    model.enforceReplicaBounds(Self.parameters(min: 2, max: 2, pods: 3))
    #expect(replicaIDs(model) == [[0, 2], [0, 2], [0, 1], [1, 2]])
    #expect(model.podLoad[0] == 150 && model.podLoad[1] == 100 && model.podLoad[2] == 150)
    #expect(model.totalReplicas == 8)
  }

  @Test func surplusReplicasAreCutKeepingTheColdest() {
    // s0 on {0,1,2} (300 -> 100 each), s1 on {0} (100), s2 on {1} (100), s3 on {0} (100):
    // loads 0: 300, 1: 200, 2: 100. max 1 replica: s0 keeps pod 2, the coldest.
    var model = working(equalSlices([[0, 1, 2], [0], [1], [0]]), equalSliceLoads([300, 100, 100, 100]), healthy: [0, 1, 2])
    model.enforceReplicaBounds(Self.parameters(min: 1, max: 1, pods: 3))
    #expect(replicaIDs(model) == [[2], [0], [1], [0]])
    #expect(model.podLoad[2] == 300 && model.podLoad[0] == 200)
  }
}
