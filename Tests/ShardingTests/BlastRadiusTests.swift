import Testing
import Workload

@testable import Sharding

@Suite struct BlastRadiusTests {
  @Test func eachPodInTwoOfFourQuarters() {
    // Subsets {0,1}, {1,2}, {2,3}, {0,3} with quarters of 10, 20, 30, 40 (total 100):
    // pod 0 touches 10 + 40 = 50 %, pod 1 30 %, pod 2 50 %, pod 3 70 %; key space 50 % each.
    let assignment = equalSlices([[0, 1], [1, 2], [2, 3], [0, 3]])
    let radius = BlastRadius.compute(assignment: assignment, pods: pods(4), loadMap: equalSliceLoads([10, 20, 30, 40]))
    #expect(radius.map(\.keySpaceShare) == [0.5, 0.5, 0.5, 0.5])
    for (share, expected) in zip(radius.map(\.loadShare), [0.5, 0.3, 0.5, 0.7]) { #expect(abs(share - expected) < 1e-12) }
  }

  @Test func sampledKeysAndLoads() {
    // Two keys in quarter 0 (load 1 each) and one in quarter 3 (load 2): pod 0 holds both
    // quarters (all keys, all load), pod 1 only quarter 0 (2 of 3 keys, half the load).
    let assignment = equalSlices([[0, 1], [1, 2], [2, 3], [0, 3]])
    let sample: [(key: UInt64, load: Double)] = [(1, 1), (2, 1), (.max, 2)]
    let radius = BlastRadius.compute(assignment: assignment, pods: pods(4), sample: sample)
    #expect(radius[0].keyShare == 1 && radius[0].loadShare == 1)
    #expect(abs(radius[1].keyShare - 2.0 / 3) < 1e-12 && radius[1].loadShare == 0.5)
    #expect(radius[2].keyShare == 0)
  }
}
