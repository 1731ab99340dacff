import Measurements
import Routing
import Sharding
import SimCore
import Testing
import Workload
@testable import Replay

/// Issue 15 item 10: a subset policy's blast radius weighs each request by the subset in force
/// when it arrived, not by the sharder's final assignment (which, after an idle tail, may look
/// nothing like what carried the traffic).
@Suite struct BlastOverTheRunTests {
  @Test func loadIsAttributedToTheSubsetsInForceAtArrival() throws {
    var runtime = ShardingRuntime(
      configuration: ShardingConfiguration(minReplicas: 1, maxReplicas: 1), routers: 1, routerLagStep: .zero)
    var metrics = ShardingMetrics(shardKey: "session", minReplicas: 1, maxReplicas: 1)
    let pods = (0..<4).map(PodID.init)
    // The first assignment spreads the key space over the four pods.
    _ = try #require(runtime.tick(now: .zero, healthyPods: pods, metrics: &metrics))
    // While the traffic ran, every key's subset was pod 2 (say, a later generation); the final
    // assignment is still the spread one.
    runtime.currentTable = KeyRangeSubsets(everyKeyTo: [PodID(2)])
    for key in stride(from: UInt64(1), to: UInt64.max / 2, by: Int(UInt64.max / 40)) {
      runtime.recordLoad(key: key, tenant: 0, mu: 1, at: SimInstant(nanoseconds: 1_000_000_000))
    }
    let radius = runtime.blastRadius(pods: pods)
    #expect(radius.map(\.loadShare) == [0, 0, 1, 0])
  }
}
