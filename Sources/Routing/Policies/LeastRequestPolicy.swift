import SimCore
import Workload

/// `least-request`: the routable pod with the fewest of this router's active requests.
public struct LeastRequestPolicy: RoutingPolicy {
  /// A stateless policy.
  public init() {}

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    guard let pod = FleetScan.argmin(fleet, by: { $0.activeRequests }) else { return .noRoutablePod }
    return .pod(pod)
  }
}
