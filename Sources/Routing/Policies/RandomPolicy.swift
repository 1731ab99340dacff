import SimCore
import Workload

/// `random`: uniform over the routable pods, one draw from the router's stream per request.
public struct RandomPolicy: RoutingPolicy {
  /// A stateless policy.
  public init() {}

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    let routable = FleetScan.routableCount(fleet)
    guard routable > 0 else { return .noRoutablePod }
    let rank = FleetScan.uniformIndex(below: routable, &random)
    guard let pod = FleetScan.routable(at: rank, in: fleet) else { return .noRoutablePod }
    return .pod(pod)
  }
}
