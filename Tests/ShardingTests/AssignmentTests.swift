import SimCore
import Testing
import Workload

@testable import Sharding

@Suite struct AssignmentTests {
  /// Quarters of the key space with subsets {0,1}, {1,2}, {2,3}, {0,3}.
  static let quarters: Assignment = {
    let step: UInt64 = 1 << 62
    return Assignment(
      generation: 1,
      slices: [
        SliceReplicas(slice: KeySlice(low: 0, high: step), replicas: [PodID(1), PodID(0)]),
        SliceReplicas(slice: KeySlice(low: step, high: 2 * step), replicas: [PodID(1), PodID(2)]),
        SliceReplicas(slice: KeySlice(low: 2 * step, high: 3 * step), replicas: [PodID(2), PodID(3)]),
        SliceReplicas(slice: .toEnd(from: 3 * step), replicas: [PodID(3), PodID(0)]),
      ])
  }()

  @Test func lookupFindsTheSliceAtEveryBoundary() {
    let assignment = Self.quarters
    #expect(Array(assignment.replicas(for: 0)) == [PodID(0), PodID(1)])
    #expect(Array(assignment.replicas(for: (1 << 62) - 1)) == [PodID(0), PodID(1)])
    #expect(Array(assignment.replicas(for: 1 << 62)) == [PodID(1), PodID(2)])
    #expect(Array(assignment.replicas(for: .max)) == [PodID(0), PodID(3)])
    #expect(assignment.sliceIndex(containing: 3 << 62) == 3)
  }

  @Test func lookupAgreesWithALinearScan() {
    var random = SplitMix64(seed: 3)
    let assignment = Self.quarters
    for _ in 0..<1_000 {
      let key = random.next()
      let expected = assignment.slices.first { $0.slice.contains(key) }?.replicas
      #expect(Array(assignment.replicas(for: key)) == expected)
    }
  }

  @Test func holdingsGiveKeySpaceShares() {
    // Each pod is in two of the four quarters: share 0.5.
    let holdings = Self.quarters.holdings()
    #expect(holdings.map(\.keySpaceShare) == [0.5, 0.5, 0.5, 0.5])
    #expect(holdings[0].sliceIndices == [0, 3])
    #expect(Self.quarters.totalSliceReplicas == 8)
  }

  @Test func validationReportsEachBrokenInvariant() {
    var config = ShardingConfiguration(minReplicas: 2, maxReplicas: 2)
    config.minSliceReplicasPerPod = 2
    config.maxSliceReplicasPerPod = 4
    // 4 pods: 8 replicas in [8, 16], two per slice, all healthy: valid.
    #expect(Self.quarters.validate(healthyPods: pods(4), config: config).isEmpty)
    // Pod 3 unhealthy: 3 pods, two slices hold it; total bounds [6, 12] still fine.
    let violations = Self.quarters.validate(healthyPods: pods(3), config: config)
    #expect(
      violations == [
        .unhealthyPodAssigned(sliceIndex: 2, pod: PodID(3)), .unhealthyPodAssigned(sliceIndex: 3, pod: PodID(3)),
      ])
    config.minReplicas = 3
    config.maxReplicas = 3
    #expect(
      Self.quarters.validate(healthyPods: pods(4), config: config).first
        == .replicaCountOutOfBounds(sliceIndex: 0, count: 2, bounds: 3...3))
    config = ShardingConfiguration(minReplicas: 2, maxReplicas: 2)
    // Default 32..64 per pod: 8 is far below 128.
    #expect(
      Self.quarters.validate(healthyPods: pods(4), config: config)
        == [.totalReplicasOutOfBounds(total: 8, bounds: 128...256)])
  }

  @Test func validationFindsEmptyPods() {
    var config = ShardingConfiguration(minReplicas: 2, maxReplicas: 2)
    config.minSliceReplicasPerPod = 1
    #expect(Self.quarters.validate(healthyPods: pods(5), config: config) == [.emptyPod(PodID(4))])
  }
}
