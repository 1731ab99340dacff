import Testing
import Workload

@testable import Sharding

@Suite struct DeallocationPhaseTests {
  @Test func unhealthyReplicasAreDroppedAndLoadsRecounted() {
    // Quarters of 100 each on {0}, {0,2}, {1}, {2}; pod 2 dies.
    let base = equalSlices([[0], [0, 2], [1], [2]])
    var model = working(base, equalSliceLoads([100, 100, 100, 100]), healthy: [0, 1])
    model.deallocateUnhealthyPods()
    #expect(replicaIDs(model) == [[0], [0], [1], []])
    // Pod 0 now carries both quarters alone: 200; pod 1: 100; one slice is orphaned.
    #expect(model.podLoad[0] == 200 && model.podLoad[1] == 100 && model.podLoad[2] == 0)
    #expect(model.totalReplicas == 3)
    // The base holders are remembered for the churn penalty.
    #expect(model.slices[1].baseHolders == [PodID(0), PodID(2)])
  }

  @Test func podsAbsentFromTheBaseAreNew() {
    let model = working(equalSlices([[0], [1]]), equalSliceLoads([1, 1]), healthy: [0, 1, 2])
    #expect(model.isNew == [false, false, true])
  }
}
