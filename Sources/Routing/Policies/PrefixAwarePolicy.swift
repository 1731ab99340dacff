import SimCore
import Workload

/// `prefix-aware`: vLLM production-stack's prefix-aware router: the longest prefix match in a
/// trie of everything the router has sent, never evicted (the router has no model of the
/// pods' caches).
///
/// Candidates are the routable pods with the longest leading block match (all routable pods
/// when nothing matches); among them the fewest active requests wins, then the lowest id
/// (production-stack picks at random among the matches: a deterministic pick keeps replays
/// reproducible). The chosen pod is recorded as holding the request's blocks.
///
/// production-stack's trie is unbounded; here it keeps the `maxBlocksPerPod` most recently
/// routed blocks per pod (LRU) so that memory does not grow with the log. At 2^18 blocks that is
/// several times what a pod can hold in KV memory, so the router still remembers prefixes the
/// pod itself has long evicted, as the unbounded original does.
public struct PrefixAwarePolicy: RoutingPolicy {
  /// Internal so tests can seed what the router believes.
  var trie = ApproximatePrefixIndex(blocksPerPod: PrefixAwarePolicy.maxBlocksPerPod)
  /// Blocks remembered per pod.
  public static let maxBlocksPerPod = 1 << 18
  private var hits: [Int] = []

  /// An empty trie.
  public init() {}

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    trie.leadingHits(request.prefixBlocks, podCount: fleet.count, into: &hits)
    var best: PodID?
    var bestHits = -1
    var bestActive = Int.max
    for pod in fleet where pod.isRoutable {
      let h = hits[pod.id.rawValue]
      if h > bestHits || (h == bestHits && pod.activeRequests < bestActive) {
        best = pod.id
        bestHits = h
        bestActive = pod.activeRequests
      }
    }
    guard let best else { return .noRoutablePod }
    trie.insert(request.prefixBlocks, on: best.rawValue)
    return .pod(best)
  }
}
