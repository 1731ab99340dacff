import SimCore
import Workload

/// `llm-d`: the llm-d inference scheduler's weighted scorers and max-score picker
/// (routing-stack.md 6.3), over the routable pods.
///
/// - Prefix scorer (weight 3): leading consecutive block hits from the router's approximate
///   index (llm-d reads vLLM's KV events; a replay router only has its routing history),
///   min-max normalised `(h - min) / (max - min)`, 1 for every pod when all are equal.
/// - Queue scorer (weight 2): `(maxQ - q) / (maxQ - minQ)`, 1 when all are equal, where `q` is
///   the pod's last reported waiting queue plus this router's active requests on it (the
///   report alone is stale between reports; the router's own count is current).
/// - KV-utilisation scorer (weight 1): `1 - kvUtilization`.
///
/// The highest total wins; exact ties are broken uniformly at random from the router's seeded
/// stream, as llm-d's max-score picker does (a lowest-id rule would herd every idle-fleet
/// request onto pod 0). The chosen pod is recorded as holding the request's blocks.
public struct LLMDPolicy: RoutingPolicy {
  /// Weight of the longest-prefix scorer.
  public let prefixWeight: Double
  /// Weight of the queue scorer.
  public let queueWeight: Double
  /// Weight of the KV-utilisation scorer.
  public let kvUtilizationWeight: Double
  /// Internal so tests can seed what the router believes.
  var index: ApproximatePrefixIndex
  private var hits: [Int] = []

  /// A policy with the common 3:2:1 profile unless told otherwise.
  public init(
    prefixWeight: Double = RoutingParameters.defaults.llmdPrefixWeight,
    queueWeight: Double = RoutingParameters.defaults.llmdQueueWeight,
    kvUtilizationWeight: Double = RoutingParameters.defaults.llmdKVUtilizationWeight,
    indexBlocksPerPod: Int = RoutingParameters.defaults.approximateIndexBlocksPerPod
  ) {
    self.prefixWeight = prefixWeight
    self.queueWeight = queueWeight
    self.kvUtilizationWeight = kvUtilizationWeight
    index = ApproximatePrefixIndex(blocksPerPod: indexBlocksPerPod)
  }

  /// The queue signal the queue scorer reads.
  @inlinable public static func queueDepth(_ pod: PodLoad) -> Int {
    pod.reportedWaiting + pod.activeRequests
  }

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    index.leadingHits(request.prefixBlocks, podCount: fleet.count, into: &hits)
    var minHits = Int.max
    var maxHits = Int.min
    var minQueue = Int.max
    var maxQueue = Int.min
    for pod in fleet where pod.isRoutable {
      let h = hits[pod.id.rawValue]
      let q = Self.queueDepth(pod)
      minHits = min(minHits, h)
      maxHits = max(maxHits, h)
      minQueue = min(minQueue, q)
      maxQueue = max(maxQueue, q)
    }
    var best: PodID?
    var bestScore = -Double.infinity
    var ties = 0
    for pod in fleet where pod.isRoutable {
      let prefix =
        maxHits == minHits ? 1 : Double(hits[pod.id.rawValue] - minHits) / Double(maxHits - minHits)
      let queue =
        maxQueue == minQueue ? 1 : Double(maxQueue - Self.queueDepth(pod)) / Double(maxQueue - minQueue)
      let score =
        prefixWeight * prefix + queueWeight * queue + kvUtilizationWeight * (1 - pod.kvUtilization)
      if score > bestScore {
        bestScore = score
        best = pod.id
        ties = 1
      } else if score == bestScore {
        // Reservoir sampling: each of the k tied pods ends up chosen with probability 1/k.
        ties += 1
        if random.next() % UInt64(ties) == 0 { best = pod.id }
      }
    }
    guard let best else { return .noRoutablePod }
    index.insert(request.prefixBlocks, on: best.rawValue)
    return .pod(best)
  }
}
