import Testing
import Workload

@testable import Sharding

@Suite struct MergePhaseTests {
  static func parameters(pods: Int, maxPerPod: Int) -> AlgorithmParameters {
    var config = ShardingConfiguration(maxLoadHint: 1000)
    config.minSliceReplicasPerPod = 1
    config.maxSliceReplicasPerPod = maxPerPod
    return AlgorithmParameters(config: config, podCount: pods, totalAdjustedLoad: 30)
  }

  @Test func coldestAdjacentPairsMergeFirst() {
    // Loads [1,1,5,5,5,5,1,1], one pod, at most 4 replicas. Pairs by combined load:
    // (0,1)=2 and (6,7)=2 tie -> lowest key: merge 0+1 (2); total 7.
    // (6,7)=2 -> merge (2); total 6. Now (01,2)=7 and (5,67)=7 tie -> lowest key: 01+2 (7); total 5.
    // (5,67)=7 is next coldest (others 10, 10, 12) -> merge (7); total 4: stop.
    var model = working(
      equalSlices(Array(repeating: [0], count: 8)), equalSliceLoads([1, 1, 5, 5, 5, 5, 1, 1]), healthy: [0])
    model.mergeColdSlices(Self.parameters(pods: 1, maxPerPod: 4))
    #expect(model.slices.map(\.load) == [7, 5, 5, 7])
    #expect(model.slices.map(\.range.low) == [0, 3 << 61, 4 << 61, 5 << 61])
    #expect(model.totalReplicas == 4 && model.podSliceCount[0] == 4)
  }

  @Test func mergedSliceKeepsTheMostLoadInPlace() {
    // Three pods, at most 3 slice replicas over 4 slices: one merge. Slices 0 (10, pod 0) and
    // 1 (30, pod 1) are the coldest pair; pod 1 already serves 30 of the 40, so it keeps it.
    var model = working(equalSlices([[0], [1], [0], [2]]), equalSliceLoads([10, 30, 100, 100]), healthy: [0, 1, 2])
    model.mergeColdSlices(Self.parameters(pods: 3, maxPerPod: 1))
    #expect(replicaIDs(model) == [[1], [0], [2]])
    #expect(model.slices.map(\.load) == [40, 100, 100])
    #expect(model.podLoad[0] == 100 && model.podLoad[1] == 40 && model.podSliceCount[1] == 1)
  }

  @Test func nothingMergesUnderTheCap() {
    var model = working(equalSlices([[0], [1]]), equalSliceLoads([1, 1]), healthy: [0, 1])
    model.mergeColdSlices(Self.parameters(pods: 2, maxPerPod: 1))
    #expect(model.slices.count == 2)
  }
}
