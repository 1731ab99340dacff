import Testing
import Workload

@testable import Sharding

@Suite struct ChurnReportTests {
  @Test func identicalAssignmentsMoveNothing() {
    let assignment = equalSlices([[0], [1], [2], [3]])
    let report = ChurnReport.between(assignment, assignment, keySample: [1, 2, 3])
    #expect(report.keySpaceChanged == 0 && report.slicesMoved == 0 && report.keysMoved == 0)
  }

  @Test func oneQuarterMoved() {
    // Quarter 2 moves from pod 2 to pod 0: a quarter of the key space changes and gains a pod.
    let old = equalSlices([[0], [1], [2], [3]])
    let new = equalSlices([[0], [1], [0], [3]])
    let report = ChurnReport.between(old, new, keySample: [0, 2 << 62, 3 << 62])
    #expect(report.keySpaceChanged == 0.25 && report.keySpaceGainedPod == 0.25)
    #expect(report.slicesMoved == 1)
    #expect(report.keysMoved == 1 && report.keysSampled == 3)
  }

  @Test func loadShareFollowsTheNewMeasuredLoads() {
    // Quarter 2 (30 of 100) changes hands: 30 % of the load moved.
    let old = equalSlices([[0], [1], [2], [3]])
    let moved = equalSlices([[0], [1], [0], [3]])
    let new = Assignment(generation: 2, slices: moved.slices, measuredLoads: [10, 20, 30, 40])
    #expect(abs(ChurnReport.between(old, new).loadChanged - 0.3) < 1e-12)
    #expect(ChurnReport.between(old, moved).loadChanged == 0)
  }

  @Test func splitsWithoutMovesAreNotChurnAndDroppingAReplicaGainsNothing() {
    // Halves on {0,1} and {2}; then quarters with the same pods, except quarter 1 drops pod 1.
    let old = equalSlices([[0, 1], [2]])
    let new = equalSlices([[0, 1], [0], [2], [2]])
    let report = ChurnReport.between(old, new)
    #expect(report.keySpaceChanged == 0.25 && report.keySpaceGainedPod == 0)
    #expect(report.slicesMoved == 1)
  }
}
