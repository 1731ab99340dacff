import SimCore
import Workload

/// `token-aware`: the routable pod with the fewest in-flight prefill plus decode tokens from
/// this router (Cloudflare's rule).
public struct TokenAwarePolicy: RoutingPolicy {
  /// A stateless policy.
  public init() {}

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    guard let pod = FleetScan.argmin(fleet, by: { $0.inflightTokens }) else { return .noRoutablePod }
    return .pod(pod)
  }
}
