import SimCore
import Workload

/// `chwbl`: consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam).
///
/// With `m` active requests over `n` routable pods, each pod may hold
/// `ceil(c * (m + 1) / n)` active requests counting the new one; the request goes to the
/// first routable pod clockwise from its key that is still under that capacity. Since
/// `n * capacity >= c * (m + 1) > m` for `c >= 1`, such a pod always exists.
public struct BoundedLoadHashPolicy: RoutingPolicy {
  private var ring: HashRing
  /// The load bound `c` (1.25: brpc's and liblb's default, HAProxy balance factor 125).
  public let loadFactor: Double

  /// A ring with `virtualNodes` points per pod and bound `loadFactor` (at least 1).
  public init(
    loadFactor: Double = RoutingParameters.defaults.boundedLoadFactor,
    virtualNodes: Int = RoutingParameters.defaults.virtualNodesPerPod
  ) {
    precondition(loadFactor >= 1, "BoundedLoadHashPolicy: the load factor must be at least 1")
    self.loadFactor = loadFactor
    ring = HashRing(virtualNodes: virtualNodes)
  }

  /// The per-pod bound on active requests once the new request is placed.
  public static func capacity(totalActive: Int, routablePods: Int, loadFactor: Double) -> Int {
    Int((loadFactor * Double(totalActive + 1) / Double(routablePods)).rounded(.up))
  }

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    ring.ensure(podCount: fleet.count)
    var routable = 0
    var totalActive = 0
    for pod in fleet where pod.isRoutable {
      routable += 1
      totalActive += pod.activeRequests
    }
    guard routable > 0 else { return .noRoutablePod }
    let capacity = Self.capacity(totalActive: totalActive, routablePods: routable, loadFactor: loadFactor)
    let points = ring.owners.count
    var index = ring.firstIndex(atOrAfter: request.shardKey)
    for _ in 0..<points {
      let pod = fleet[Int(ring.owners[index])]
      if pod.isRoutable && pod.activeRequests < capacity { return .pod(pod.id) }
      index = index + 1 == points ? 0 : index + 1
    }
    // Unreachable when active counts are consistent; fall back to the least-loaded pod.
    return FleetScan.argmin(fleet, by: { $0.activeRequests }).map(RoutingDecision.pod) ?? .noRoutablePod
  }
}
