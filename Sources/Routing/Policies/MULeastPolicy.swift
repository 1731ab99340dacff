import SimCore
import Workload

/// `mu-least`: the routable pod with the lowest believed MU load in the whole fleet
/// (its last report plus what this router sent since).
public struct MULeastPolicy: RoutingPolicy {
  /// A stateless policy.
  public init() {}

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    guard let pod = FleetScan.argmin(fleet, by: { $0.believedMU }) else { return .noRoutablePod }
    return .pod(pod)
  }
}
