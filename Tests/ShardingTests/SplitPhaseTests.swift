import Testing
import Workload

@testable import Sharding

@Suite struct SplitPhaseTests {
  /// 2 pods, hint 1000, tau 0.10: the split threshold is 100 (the average is below the hint).
  static let parameters = AlgorithmParameters(config: .init(maxLoadHint: 1000), podCount: 2, totalAdjustedLoad: 300)

  @Test func hotSliceIsHalvedUntilUnderTheThresholdWithoutChurn() {
    // One slice with 300 on pod 0: 300 -> 150 + 150 -> four quarters of 75 <= 100.
    var model = working(equalSlices([[0]]), .uniform(total: 300), healthy: [0, 1])
    model.splitHotSlices(Self.parameters, splitLimit: 100)
    #expect(model.slices.map(\.range) == ShardingAlgorithm.uniformPartition(4))
    #expect(model.slices.map(\.load) == [75, 75, 75, 75])
    #expect(replicaIDs(model) == [[0], [0], [0], [0]])
    #expect(model.totalReplicas == 4 && model.podLoad[0] == 300 && model.podSliceCount[0] == 4)
  }

  @Test func perReplicaLoadDecides() {
    // 180 on two replicas is 90 per replica: under 100, no split.
    var model = working(equalSlices([[0, 1]]), .uniform(total: 180), healthy: [0, 1])
    model.splitHotSlices(Self.parameters, splitLimit: 100)
    #expect(model.slices.count == 1)
  }

  @Test func hotKeyEndsInItsOwnSliceAndIsNotSplitFurther() {
    // Key 2^63 + 5 carries 500 of 500: halvings isolate it as [k, k+1), which stays hot (500)
    // but cannot be split; everything else has no load.
    let key: UInt64 = (1 << 63) + 5
    let map = LoadMap(slices: [.full], loads: [500], hotKeys: [.init(key: key, load: 500)])
    var model = working(equalSlices([[0]]), map, healthy: [0, 1])
    model.splitHotSlices(Self.parameters, splitLimit: 1000)
    let hot = model.slices.filter { $0.load > 100 }
    #expect(hot.map(\.range) == [.singleKey(key)])
    #expect(model.slices.count == 3)
  }

  @Test func splitForMinimumCountReachesThirtyTwoPerPod() {
    // 2 pods need 64 replicas: uniform load, hottest-first ties to the lowest key: 64 equal slices.
    var model = working(equalSlices([[0]]), .uniform(total: 64), healthy: [0, 1])
    model.splitToMinimumReplicaCount(Self.parameters)
    #expect(model.slices.map(\.range) == ShardingAlgorithm.uniformPartition(64))
    #expect(model.totalReplicas == 64)
  }
}
