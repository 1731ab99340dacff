import SimCore
import Workload

/// `consistent-hash`: the request's shard key on a ring of virtual nodes, no load bound
/// (vLLM production-stack's session router); walks clockwise past pods that are not routable.
public struct ConsistentHashPolicy: RoutingPolicy {
  private var ring: HashRing

  /// A ring with `virtualNodes` points per pod (production-stack's hash ring uses 160).
  public init(virtualNodes: Int = RoutingParameters.defaults.virtualNodesPerPod) {
    ring = HashRing(virtualNodes: virtualNodes)
  }

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    ring.ensure(podCount: fleet.count)
    let points = ring.owners.count
    guard points > 0 else { return .noRoutablePod }
    var index = ring.firstIndex(atOrAfter: request.shardKey)
    for _ in 0..<points {
      let owner = Int(ring.owners[index])
      if fleet[owner].isRoutable { return .pod(fleet[owner].id) }
      index = index + 1 == points ? 0 : index + 1
    }
    return .noRoutablePod
  }
}
