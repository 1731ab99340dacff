import Routing
import SimCore
import Testing
import Workload

@testable import Replay

/// Router replicas alone: each keeps its own policy state and table, and reports its subset.
@Suite struct RouterReplicasTests {
  static let view = (0..<4).map { PodLoad(id: PodID($0), capacityMU: 10) }
  static func request(_ sequence: Int, key: UInt64 = 0) -> RouteRequest {
    RouteRequest(sequence: sequence, arrival: .zero, inputTokens: 1, predictedOutputTokens: 1, estimatedMU: 1, shardKey: key)
  }

  @Test func replicasKeepTheirOwnPolicyState() {
    var routers = RouterReplicas(policy: .roundRobin, parameters: RoutingParameters(), count: 2, seed: 1)
    // Round robin per replica: replica 0 moves on twice, replica 1 starts where replica 0 did.
    let first = routers.decide(Self.request(0), router: 0, view: Self.view)
    let second = routers.decide(Self.request(1), router: 0, view: Self.view)
    let other = routers.decide(Self.request(2), router: 1, view: Self.view)
    #expect(routers.count == 2)
    #expect(first != second)
    #expect(other == first)
  }

  @Test func anAdoptedTableIsTheReplicasAloneAndNamesTheSubset() {
    var routers = RouterReplicas(policy: .muSubset, parameters: RoutingParameters(), count: 2, seed: 1)
    let table = KeyRangeSubsets(slices: [(0, [PodID(2), PodID(3)]), (1 << 63, [PodID(0)])])
    routers.adopt(table, router: 1)
    #expect(routers.subset(router: 0, key: 5).isEmpty)
    #expect(routers.subset(router: 1, key: 5) == [PodID(2), PodID(3)])
    #expect(routers.subset(router: 1, key: 1 << 63) == [PodID(0)])
    // Replica 1 routes key 5 inside its subset; every pod is idle, so either subset pod will do.
    guard case .pod(let pod) = routers.decide(Self.request(0, key: 5), router: 1, view: Self.view) else {
      Issue.record("expected a pod")
      return
    }
    #expect([PodID(2), PodID(3)].contains(pod))
  }
}
