import Testing
import Workload

@testable import Sharding

@Suite struct PlacementPhaseTests {
  /// Quarters of 100: pod 0 holds three, pod 1 one; both were in the base assignment.
  static let skewed = working(equalSlices([[0], [0], [0], [1]]), equalSliceLoads([100, 100, 100, 100]), healthy: [0, 1])

  @Test func insideTheToleranceBandNothingMoves() {
    // hint 1000: tol 100, avg 200, band [100, 300]; pod 0 at 300 and pod 1 at 100 are inside.
    var model = Self.skewed
    let parameters = AlgorithmParameters(config: .init(maxLoadHint: 1000), podCount: 2, totalAdjustedLoad: 400)
    #expect(model.placeByLocalSearch(parameters, moveLimit: 100) == 0)
    #expect(replicaIDs(model) == [[0], [0], [0], [1]])
  }

  @Test func hotPodGivesOneSliceToTheColdOne() {
    // hint 200: tol 20, band [180, 220].
    // pod 0 at 300: (300/220)^2 * 80 * 16 = 2380.165; pod 1 at 100: (1 + 80/180)^2 * 80 * 4 = 667.654.
    // Moving a 100 slice leaves both at 200 (penalty 0) for churn 0.25 * 100 = 25:
    // delta = -2380.165 - 667.654 + 25 = -3022.820. All three slices tie; the lowest key moves.
    var model = Self.skewed
    let parameters = AlgorithmParameters(config: .init(maxLoadHint: 200), podCount: 2, totalAdjustedLoad: 400)
    #expect(abs(model.reassignDelta(0, from: PodID(0), to: PodID(1), parameters) + 3022.8196) < 1e-3)
    #expect(model.placeByLocalSearch(parameters, moveLimit: 100) == 1)
    #expect(replicaIDs(model) == [[1], [0], [0], [1]])
    #expect(model.podLoad[0] == 200 && model.podLoad[1] == 200)
  }

  @Test func hotSingleSliceIsReplicated() {
    // Slice 0 carries 1000 on pod 0 (its only slice); pod 1 holds three slices of 10.
    // avg 515, tol 100, band [415, 615]. Pod 0: (1000/615)^2 * 385 * 16 = 16286.60; pod 1:
    // (1 + 385/415)^2 * 385 * 4 = 5722.75. Replicating slice 0 on pod 1 gives 500 / 530 (both in
    // band) for replication 1000 + churn 0.25 * 500: delta = -16286.60 - 5722.75 + 1125 = -20884.35.
    // Pod 0 cannot reassign its only slice, so replication is the move.
    var model = working(equalSlices([[0], [1], [1], [1]]), equalSliceLoads([1000, 10, 10, 10]), healthy: [0, 1])
    let parameters = AlgorithmParameters(
      config: .init(minReplicas: 1, maxReplicas: 2, maxLoadHint: 1000), podCount: 2, totalAdjustedLoad: 1030)
    #expect(abs(model.replicateDelta(0, to: PodID(1), parameters) + 20884.348) < 1e-2)
    #expect(model.placeByLocalSearch(parameters, moveLimit: 100) == 1)
    #expect(replicaIDs(model) == [[0, 1], [1], [1], [1]])
    #expect(model.podLoad[0] == 500 && model.podLoad[1] == 530)
  }

  @Test func newEmptyPodIsFilledToTheAverage() {
    // Pods 0 and 1 hold four quarters of 100 each (200 each); pod 2 is new and empty.
    // avg 133.3, hint 1000 -> tol 100; a new pod's minimum is the average itself, and an empty
    // pod costs 100 * maxDesired, so pod 2 takes a slice.
    var model = working(equalSlices([[0], [0], [1], [1]]), equalSliceLoads([100, 100, 100, 100]), healthy: [0, 1, 2])
    let parameters = AlgorithmParameters(config: .init(maxLoadHint: 1000), podCount: 3, totalAdjustedLoad: 400)
    model.placeByLocalSearch(parameters, moveLimit: 100)
    #expect(model.podSliceCount[2] >= 1)
    #expect(model.podLoad[2] >= 100)
  }

  @Test func moveLimitBoundsTheWork() {
    var model = Self.skewed
    let parameters = AlgorithmParameters(config: .init(maxLoadHint: 200), podCount: 2, totalAdjustedLoad: 400)
    #expect(model.placeByLocalSearch(parameters, moveLimit: 0) == 0)
    #expect(replicaIDs(model) == [[0], [0], [0], [1]])
  }
}
