import SimCore
import Workload

/// `prefix-aware`: vLLM production-stack's prefix-aware router: the longest prefix match in a
/// trie of everything the router has sent, never evicted (the router has no model of the
/// pods' caches).
///
/// Candidates are the routable pods with the longest leading block match (all routable pods
/// when nothing matches); one of them is picked uniformly at random from the router's seeded
/// stream, as production-stack's `random.choice` does (the seed keeps replays reproducible).
/// Load plays no part: production-stack's router reads none. The chosen pod is recorded as
/// holding the request's blocks.
///
/// On a log where every prompt starts with the same block (Mooncake's traces: a shared system
/// prompt), the first pod to get a request holds the longest match for every later one, and all
/// traffic piles onto it, as it would in production-stack.
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
    var ties = 0
    for pod in fleet where pod.isRoutable {
      let h = hits[pod.id.rawValue]
      if h > bestHits {
        best = pod.id
        bestHits = h
        ties = 1
      } else if h == bestHits {
        // Reservoir sampling: each of the k candidates ends up chosen with probability 1/k.
        ties += 1
        if random.next() % UInt64(ties) == 0 { best = pod.id }
      }
    }
    guard let best else { return .noRoutablePod }
    trie.insert(request.prefixBlocks, on: best.rawValue)
    return .pod(best)
  }
}
