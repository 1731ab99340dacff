import SimCore
import Workload

/// `round-robin`: each request goes to the next routable pod in id order after the last one
/// chosen, wrapping around; pods that are not routable are skipped.
public struct RoundRobinPolicy: RoutingPolicy {
  /// The id from which the next scan starts.
  private var nextStart = 0

  /// A policy whose first request goes to the lowest routable id.
  public init() {}

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    let count = fleet.count
    guard count > 0 else { return .noRoutablePod }
    let start = nextStart % count
    for offset in 0..<count {
      let index = (start + offset) % count
      if fleet[index].isRoutable {
        nextStart = index + 1
        return .pod(fleet[index].id)
      }
    }
    return .noRoutablePod
  }
}
