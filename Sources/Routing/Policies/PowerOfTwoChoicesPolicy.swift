import SimCore
import Workload

/// `p2c`: two distinct routable pods drawn uniformly; the one with fewer active requests
/// wins, a tie goes to the lower id (Envoy's LEAST_REQUEST with choice_count 2).
public struct PowerOfTwoChoicesPolicy: RoutingPolicy {
  /// A stateless policy.
  public init() {}

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    let routable = FleetScan.routableCount(fleet)
    guard routable > 0 else { return .noRoutablePod }
    guard routable > 1 else {
      return FleetScan.routable(at: 0, in: fleet).map(RoutingDecision.pod) ?? .noRoutablePod
    }
    // Two distinct ranks: the second is drawn from the remaining routable - 1 and shifted
    // past the first, so both draws are uniform and never equal.
    let first = FleetScan.uniformIndex(below: routable, &random)
    var second = FleetScan.uniformIndex(below: routable - 1, &random)
    if second >= first { second += 1 }
    guard let a = FleetScan.routable(at: min(first, second), in: fleet),
      let b = FleetScan.routable(at: max(first, second), in: fleet)
    else { return .noRoutablePod }
    // `a` has the lower id, so it wins ties.
    return .pod(fleet[b.rawValue].activeRequests < fleet[a.rawValue].activeRequests ? b : a)
  }
}
