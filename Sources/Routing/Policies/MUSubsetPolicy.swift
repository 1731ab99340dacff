import SimCore
import Workload

/// `mu-subset`: the seed's design. Look up the key's pod subset in the router's current
/// assignment and pick its routable pod with the lowest believed MU (ties to the lowest id).
///
/// **Spill-over** (routing-stack.md 7.4/7.5): a pod is *over* when its believed MU exceeds
/// `threshold = spillFactor * max(fleet mean believed MU, muFloor)` (mean over routable pods)
/// or exceeds its own `capacityMU`. When every routable pod of the subset is over, the spill
/// policy decides: `global` sends to the least-MU routable pod of the whole fleet
/// (`.spill(pod, reason)`, or `.pod` in the rare case that pod is in the subset) provided that
/// pod is not over itself; when it is, the whole fleet is saturated, a spill would only trade
/// the subset's cache for an equally loaded cold pod, and the request stays on the subset's
/// least-MU pod (routing-stack.md 7.4: spill goes to a replica below the ceiling; saturation
/// is for admission and the autoscaler). `queue` holds, `reject` refuses, `none` stays on the
/// subset's least-MU pod. The reason is
/// `subsetAboveCapacity` when every routable subset pod is over its capacity, else
/// `subsetAboveThreshold`. With `spillCountsRequestEstimate` the request's own
/// `estimatedMU` is added to each pod's load before the test.
///
/// A key whose subset has no routable pod (or any key before the first assignment) is
/// `subsetUnavailable`: `global` and `none` (which has no subset to stay in) spill to the
/// fleet's least-MU pod, `queue` holds, `reject` refuses. With no routable pod at all,
/// `queue` holds and the others refuse, with `noRoutablePod`.
public struct MUSubsetPolicy: RoutingPolicy {
  /// The threshold factor `c` over the fleet mean.
  public let spillFactor: Double
  /// Lower bound on the fleet mean in the threshold (MU).
  public let muFloor: Double
  /// What to do when the whole subset is over.
  public let spillPolicy: SpillPolicy
  /// Whether the request's own estimate counts against the threshold.
  public let spillCountsRequestEstimate: Bool
  /// The router's current assignment; nil until the first one arrives.
  public private(set) var subsets: (any KeySubsets)?

  /// A policy with routing-stack.md 7.5's defaults unless told otherwise.
  public init(
    spillFactor: Double = RoutingParameters.defaults.spillFactor,
    muFloor: Double = RoutingParameters.defaults.muFloor,
    spillPolicy: SpillPolicy = RoutingParameters.defaults.spillPolicy,
    spillCountsRequestEstimate: Bool = RoutingParameters.defaults.spillCountsRequestEstimate,
    subsets: (any KeySubsets)? = nil
  ) {
    self.spillFactor = spillFactor
    self.muFloor = muFloor
    self.spillPolicy = spillPolicy
    self.spillCountsRequestEstimate = spillCountsRequestEstimate
    self.subsets = subsets
  }

  /// Takes the router's newest assignment.
  public mutating func adopt(_ subsets: any KeySubsets) {
    self.subsets = subsets
  }

  /// The MU level above which a pod counts as over, for this fleet view.
  public func threshold(fleet: [PodLoad]) -> Double {
    spillFactor * max(FleetScan.meanBelievedMU(fleet), muFloor)
  }

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    let subset = subsets?.pods(for: request.shardKey) ?? []
    var best: PodID?
    var bestMU = Double.infinity
    for member in subset where FleetScan.isRoutable(member, in: fleet) {
      let mu = fleet[member.rawValue].believedMU
      if mu < bestMU || (mu == bestMU && best.map { member < $0 } ?? true) {
        best = member
        bestMU = mu
      }
    }
    guard let best else { return unavailable(fleet) }

    let cap = threshold(fleet: fleet)
    let extra = spillCountsRequestEstimate ? request.estimatedMU : 0
    var everyOverCapacity = true
    for member in subset where FleetScan.isRoutable(member, in: fleet) {
      let pod = fleet[member.rawValue]
      if !isOver(pod, threshold: cap, extra: extra) { return .pod(best) }
      everyOverCapacity = everyOverCapacity && pod.believedMU + extra > pod.capacityMU
    }
    let reason: SpillReason = everyOverCapacity ? .subsetAboveCapacity : .subsetAboveThreshold
    switch spillPolicy {
    case .none: return .pod(best)
    case .queue: return .hold(reason)
    case .reject: return .reject(reason)
    case .global:
      guard let target = FleetScan.argmin(fleet, by: { $0.believedMU }) else { return .noRoutablePod }
      if subset.contains(target) || isOver(fleet[target.rawValue], threshold: cap, extra: extra) {
        return .pod(best)
      }
      return .spill(target, reason)
    }
  }

  /// Over the spill threshold or over its own capacity, counting `extra` MU on top.
  private func isOver(_ pod: PodLoad, threshold: Double, extra: Double) -> Bool {
    let load = pod.believedMU + extra
    return load > threshold || load > pod.capacityMU
  }

  private func unavailable(_ fleet: [PodLoad]) -> RoutingDecision {
    let target = FleetScan.argmin(fleet, by: { $0.believedMU })
    switch spillPolicy {
    case .queue: return .hold(target == nil ? .noRoutablePod : .subsetUnavailable)
    case .reject: return .reject(target == nil ? .noRoutablePod : .subsetUnavailable)
    case .global, .none: return target.map { .spill($0, .subsetUnavailable) } ?? .noRoutablePod
    }
  }
}
