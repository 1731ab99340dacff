import SimCore
import Testing
import Workload

@testable import Sharding

@Suite struct ShardingAlgorithmTests {
  @Test func noHealthyPodKeepsTheBase() throws {
    let base = try #require(ShardingAlgorithm.initialAssignment(pods: pods(2), config: .init()))
    #expect(ShardingAlgorithm.generate(base: base, healthyPods: [], loadMap: LoadMap(), config: .init()) == base)
  }

  @Test func failoverMovesOnlyTheDeadPodsSlices() throws {
    // 3 pods: 96 replicas wanted -> 128 slices dealt 43 / 43 / 42. Pod 2 dies: under uniform
    // load its 42 slices go to the colder survivor in turn (ending 64 / 64, in band), so
    // exactly 42 / 128 = 0.328125 of the key space changes and nothing else moves.
    let config = ShardingConfiguration(maxLoadHint: 100)
    let base = try #require(ShardingAlgorithm.initialAssignment(pods: pods(3), config: config))
    let next = ShardingAlgorithm.generate(base: base, healthyPods: pods(2), loadMap: .uniform(total: 150), config: config)
    let churn = ChurnReport.between(base, next)
    #expect(churn.keySpaceChanged == 42.0 / 128)
    #expect(churn.slicesMoved == 42)
    #expect(next.generation == 2)
    #expect(next.holdings().map(\.sliceIndices.count) == [64, 64])
    for index in 0..<base.sliceCount where !base.replicas(ofSlice: index).contains(PodID(2)) {
      #expect(base.replicas(ofSlice: index) == next.replicas(ofSlice: index))
    }
  }

  @Test func measuredLoadIsRecordedWithoutTheReservation() throws {
    // 10 % reservation of hint 100 on 2 pods adds 20 internally; the output records 150.
    var config = ShardingConfiguration(maxLoadHint: 100)
    config.uniformReservation = 0.10
    let base = try #require(ShardingAlgorithm.initialAssignment(pods: pods(2), config: config))
    let next = ShardingAlgorithm.generate(base: base, healthyPods: pods(2), loadMap: .uniform(total: 150), config: config)
    #expect(abs(next.measuredLoads.reduce(0, +) - 150) < 1e-9)
  }

  @Test func sameInputsSameAssignment() throws {
    var random = SplitMix64(seed: 21)
    let map = zipfLoadMap(keyCount: 200, exponent: 1.0, total: 1_000, random: &random)
    let config = ShardingConfiguration(minReplicas: 1, maxReplicas: 3, maxLoadHint: 300)
    let base = try #require(ShardingAlgorithm.initialAssignment(pods: pods(4), config: config))
    let first = ShardingAlgorithm.generate(base: base, healthyPods: pods(5), loadMap: map, config: config)
    let second = ShardingAlgorithm.generate(base: base, healthyPods: pods(5).reversed(), loadMap: map, config: config)
    #expect(first == second)
  }
}
