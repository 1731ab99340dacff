import SimCore
import Workload

/// `dicer-random`: open Dicer's Clerk: uniform random among the routable pods of the key's
/// subset, one draw from the router's stream. When the subset has no routable pod (or before
/// the first assignment) it falls back to a uniform routable pod of the whole fleet, reported
/// as `.spill(pod, .subsetUnavailable)`.
public struct DicerRandomPolicy: RoutingPolicy {
  /// The router's current assignment; nil until the first one arrives.
  public private(set) var subsets: (any KeySubsets)?

  /// A policy with an optional initial assignment.
  public init(subsets: (any KeySubsets)? = nil) {
    self.subsets = subsets
  }

  /// Takes the router's newest assignment.
  public mutating func adopt(_ subsets: any KeySubsets) {
    self.subsets = subsets
  }

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    let subset = subsets?.pods(for: request.shardKey) ?? []
    var routableInSubset = 0
    for member in subset where FleetScan.isRoutable(member, in: fleet) { routableInSubset += 1 }
    if routableInSubset > 0 {
      var rank = FleetScan.uniformIndex(below: routableInSubset, &random)
      for member in subset where FleetScan.isRoutable(member, in: fleet) {
        if rank == 0 { return .pod(member) }
        rank -= 1
      }
    }
    let routable = FleetScan.routableCount(fleet)
    guard routable > 0,
      let pod = FleetScan.routable(at: FleetScan.uniformIndex(below: routable, &random), in: fleet)
    else { return .noRoutablePod }
    return .spill(pod, .subsetUnavailable)
  }
}
