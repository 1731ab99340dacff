import SimCore
import Workload

/// `sglang-cache-aware`: SGLang router's `cache_aware` policy (routing-stack.md 6.1) over
/// prefix blocks instead of characters.
///
/// - Imbalanced when `max - min > balanceAbs` and `max > balanceRel * min`, with the router's
///   in-flight request counts (`activeRequests`) over the routable pods: then the least-loaded
///   routable pod, ties to the lowest id.
/// - Otherwise the match rate is (leading blocks of the request held by the best-matching
///   routable pod) / (request blocks), 0 without blocks. Above `cacheThreshold` that pod wins
///   (several at the deepest match: the lowest id, where SGLang takes the first tenant of a
///   concurrent map); else the "smallest tenant", the routable pod with the fewest cached
///   blocks (ties to the lowest id).
/// - The chosen pod is then recorded as holding the request's blocks. The tree is bounded per
///   pod and evicts least recently used leaves on insert rather than on SGLang's timer.
///   Pods that are not routable are left out of both the load spread and the match.
public struct SGLangCacheAwarePolicy: RoutingPolicy {
  /// Match rate above which the best-matching pod wins.
  public let cacheThreshold: Double
  /// Absolute in-flight spread needed for imbalance.
  public let balanceAbsThreshold: Int
  /// Relative in-flight spread (max > rel * min) needed for imbalance.
  public let balanceRelThreshold: Double
  /// Internal so tests can seed what the router believes.
  var tree: ApproximatePrefixIndex
  private var hits: [Int] = []

  /// A policy with SGLang's Python CLI defaults unless told otherwise.
  public init(
    cacheThreshold: Double = RoutingParameters.defaults.sglangCacheThreshold,
    balanceAbsThreshold: Int = RoutingParameters.defaults.sglangBalanceAbsThreshold,
    balanceRelThreshold: Double = RoutingParameters.defaults.sglangBalanceRelThreshold,
    maxTreeBlocksPerPod: Int = RoutingParameters.defaults.sglangMaxTreeBlocksPerPod
  ) {
    self.cacheThreshold = cacheThreshold
    self.balanceAbsThreshold = balanceAbsThreshold
    self.balanceRelThreshold = balanceRelThreshold
    tree = ApproximatePrefixIndex(blocksPerPod: maxTreeBlocksPerPod)
  }

  /// Blocks the router's tree credits to `pod`.
  public func cachedBlocks(of pod: PodID) -> Int { tree.cachedBlocks(of: pod.rawValue) }

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    var maxLoad = Int.min
    var minLoad = Int.max
    var leastLoaded: PodID?
    for pod in fleet where pod.isRoutable {
      maxLoad = max(maxLoad, pod.activeRequests)
      if pod.activeRequests < minLoad {
        minLoad = pod.activeRequests
        leastLoaded = pod.id
      }
    }
    guard let leastLoaded else { return .noRoutablePod }
    let imbalanced =
      maxLoad - minLoad > balanceAbsThreshold && Double(maxLoad) > balanceRelThreshold * Double(minLoad)
    let chosen = imbalanced ? leastLoaded : cacheChoice(request, fleet: fleet)
    tree.insert(request.prefixBlocks, on: chosen.rawValue)
    return .pod(chosen)
  }

  /// The best-matching pod when the match rate clears the threshold, else the smallest tenant.
  private mutating func cacheChoice(_ request: RouteRequest, fleet: [PodLoad]) -> PodID {
    tree.leadingHits(request.prefixBlocks, podCount: fleet.count, into: &hits)
    var deepest = -1
    var bestMatch = PodID(0)
    var smallest = PodID(0)
    var smallestSize = Int.max
    for pod in fleet where pod.isRoutable {
      let depth = hits[pod.id.rawValue]
      if depth > deepest {
        deepest = depth
        bestMatch = pod.id
      }
      let size = tree.cachedBlocks(of: pod.id.rawValue)
      if size < smallestSize {
        smallestSize = size
        smallest = pod.id
      }
    }
    let blocks = request.prefixBlocks.count
    let rate = blocks == 0 ? 0 : Double(deepest) / Double(blocks)
    return rate > cacheThreshold ? bestMatch : smallest
  }
}
