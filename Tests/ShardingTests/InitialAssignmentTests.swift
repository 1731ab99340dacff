import Testing
import Workload

@testable import Sharding

@Suite struct InitialAssignmentTests {
  @Test func sevenPodsOneReplica() throws {
    // 7 * 32 = 224 slices wanted, rounded up to 256.
    let assignment = try #require(ShardingAlgorithm.initialAssignment(pods: pods(7), config: .init()))
    #expect(assignment.sliceCount == 256)
    #expect(assignment.totalSliceReplicas == 256)
    #expect(assignment.generation == 1)
    // Round robin: slice 7 goes back to pod 0; slices are 2^56 keys wide.
    #expect(Array(assignment.replicas(ofSlice: 7)) == [PodID(0)])
    #expect(assignment.slice(at: 1) == KeySlice(low: 1 << 56, high: 2 << 56))
    #expect(assignment.validate(healthyPods: pods(7), config: .init()).isEmpty)
  }

  @Test func sevenPodsThreeReplicas() throws {
    // ceil(224 / 3) = 75 slices, rounded up to 128: 384 replicas, within [224, 448].
    let config = ShardingConfiguration(minReplicas: 3, maxReplicas: 3)
    let assignment = try #require(ShardingAlgorithm.initialAssignment(pods: pods(7), config: config))
    #expect(assignment.sliceCount == 128)
    #expect(assignment.totalSliceReplicas == 384)
    // Dealt in order: {0,1,2}, {3,4,5}, {6,0,1}.
    #expect(Array(assignment.replicas(ofSlice: 0)) == pods(3))
    #expect(Array(assignment.replicas(ofSlice: 1)) == [PodID(3), PodID(4), PodID(5)])
    #expect(Array(assignment.replicas(ofSlice: 2)) == [PodID(0), PodID(1), PodID(6)])
    #expect(assignment.validate(healthyPods: pods(7), config: config).isEmpty)
  }

  @Test func replicasAreClampedToThePodCount() throws {
    // min 4 replicas with 2 pods: 2 each; 64 / 2 = 32 slices.
    let config = ShardingConfiguration(minReplicas: 4, maxReplicas: 4)
    let assignment = try #require(ShardingAlgorithm.initialAssignment(pods: pods(2), config: config))
    #expect(assignment.sliceCount == 32)
    #expect(assignment.slices.allSatisfy { $0.replicas == pods(2) })
  }

  @Test func noPodsNoAssignment() {
    #expect(ShardingAlgorithm.initialAssignment(pods: [], config: .init()) == nil)
  }
}
