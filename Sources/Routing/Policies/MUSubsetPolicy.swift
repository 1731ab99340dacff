import SimCore
import Workload

/// `mu-subset`: the seed's design. Look up the key's pod subset in the router's current
/// assignment and pick, among its routable pods that are not over (below), the one of lowest
/// cost (routing-stack.md 7.4), ties to the lowest id:
///
///     cost(r) = believedMU(r) + prefillWeight * prefillMU * (1 - hits(r) / blocks)
///
/// `hits(r)` is how many of the request's leading prefix blocks the router has sent to pod `r`
/// (an approximate index of its own routing, bounded per pod with LRU eviction), so a pod that
/// holds the conversation so far is preferred over an equally loaded cold one: stickiness and
/// MU balance in one number. The uncached share of the prefill is priced in proportion to the
/// uncached blocks. With `prefillWeight` 0 the choice is by believed MU alone.
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
  /// Weight `w_pf` of the uncached prefill in the cost.
  public let prefillWeight: Double
  /// The router's current assignment; nil until the first one arrives.
  public private(set) var subsets: (any KeySubsets)?
  /// Where this router has sent which prefix blocks; internal so tests can seed it.
  var index: ApproximatePrefixIndex
  private var hits: [Int] = []

  /// A policy with routing-stack.md 7.5's defaults unless told otherwise.
  public init(
    spillFactor: Double = RoutingParameters.defaults.spillFactor,
    muFloor: Double = RoutingParameters.defaults.muFloor,
    spillPolicy: SpillPolicy = RoutingParameters.defaults.spillPolicy,
    spillCountsRequestEstimate: Bool = RoutingParameters.defaults.spillCountsRequestEstimate,
    prefillWeight: Double = RoutingParameters.defaults.muPrefillWeight,
    indexBlocksPerPod: Int = RoutingParameters.defaults.approximateIndexBlocksPerPod,
    subsets: (any KeySubsets)? = nil
  ) {
    self.spillFactor = spillFactor
    self.muFloor = muFloor
    self.spillPolicy = spillPolicy
    self.spillCountsRequestEstimate = spillCountsRequestEstimate
    self.subsets = subsets
    self.prefillWeight = prefillWeight
    index = ApproximatePrefixIndex(blocksPerPod: indexBlocksPerPod)
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
    let decision = decide(request, fleet: fleet)
    switch decision {
    case .pod(let pod), .spill(let pod, _): index.insert(request.prefixBlocks, on: pod.rawValue)
    case .reject, .hold: break
    }
    return decision
  }

  /// The routing rule itself; `route` then records where the request's blocks went.
  private mutating func decide(_ request: RouteRequest, fleet: [PodLoad]) -> RoutingDecision {
    let subset = subsets?.pods(for: request.shardKey) ?? []
    let pricesCache = prefillWeight > 0 && request.prefillMU > 0 && !request.prefixBlocks.isEmpty
    if pricesCache { index.leadingHits(request.prefixBlocks, podCount: fleet.count, into: &hits) }
    func cost(_ member: PodID) -> Double {
      let load = fleet[member.rawValue].believedMU
      guard pricesCache else { return load }
      let uncached = 1 - Double(hits[member.rawValue]) / Double(request.prefixBlocks.count)
      return load + prefillWeight * request.prefillMU * uncached
    }
    let cap = threshold(fleet: fleet)
    let extra = spillCountsRequestEstimate ? request.estimatedMU : 0
    var best: PodID?
    var bestCost = Double.infinity
    var bestUnder: PodID?
    var bestUnderCost = Double.infinity
    var everyOverCapacity = true
    for member in subset where FleetScan.isRoutable(member, in: fleet) {
      let c = cost(member)
      if c < bestCost || (c == bestCost && best.map { member < $0 } ?? true) {
        best = member
        bestCost = c
      }
      let pod = fleet[member.rawValue]
      if isOver(pod, threshold: cap, extra: extra) {
        everyOverCapacity = everyOverCapacity && pod.believedMU + extra > pod.capacityMU
      } else if c < bestUnderCost || (c == bestUnderCost && bestUnder.map { member < $0 } ?? true) {
        bestUnder = member
        bestUnderCost = c
      }
    }
    guard let best else { return unavailable(fleet) }
    if let bestUnder { return .pod(bestUnder) }
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
