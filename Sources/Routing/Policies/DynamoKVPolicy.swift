import SimCore
import Workload

/// `dynamo-kv`: NVIDIA Dynamo's KV router cost at temperature 0 (routing-stack.md 6.4),
/// with the approximate (routing-history) block index.
///
/// For each routable pod `w`, in units of the engine's KV block (`blockSize` tokens):
/// - `prefill_blocks = inputTokens / blockSize`, the request's prompt;
/// - `overlap_w = hits_w * request.blockSize / blockSize`, the leading prefix blocks the
///   router believes `w` holds, converted from the log's block size;
/// - `decode_blocks_w = inflightTokens_w / blockSize`: this router's outstanding prefill plus
///   decode tokens on `w`, standing in for Dynamo's active-sequence blocks (the request's own
///   new blocks are the same on every pod and left out, as they cannot change the choice);
/// - `cost_w = prefillLoadScale * max(0, prefill_blocks - overlap_w) + decode_blocks_w`.
///
/// The lowest cost wins; costs within 1e-5 of the best so far tie, and a tie goes to the pod
/// with fewer cached blocks in the index, then to the lower id. The chosen pod is then
/// recorded as holding the request's blocks.
public struct DynamoKVPolicy: RoutingPolicy {
  /// Weight of the uncached-prefill term (Dynamo's overlap score weight).
  public let prefillLoadScale: Double
  /// The engine's KV block size in tokens, the unit of the cost.
  public let blockSize: Int
  /// Internal so tests can seed what the router believes.
  var index: ApproximatePrefixIndex
  private var hits: [Int] = []

  /// A policy with Dynamo's default overlap weight 1 unless told otherwise.
  public init(
    prefillLoadScale: Double = RoutingParameters.defaults.dynamoPrefillLoadScale,
    blockSize: Int = RoutingParameters.defaults.dynamoBlockSize,
    indexBlocksPerPod: Int = RoutingParameters.defaults.approximateIndexBlocksPerPod
  ) {
    precondition(blockSize > 0, "DynamoKVPolicy: the block size must be positive")
    self.prefillLoadScale = prefillLoadScale
    self.blockSize = blockSize
    index = ApproximatePrefixIndex(blocksPerPod: indexBlocksPerPod)
  }

  /// Blocks the router's index credits to `pod`.
  public func cachedBlocks(of pod: PodID) -> Int { index.cachedBlocks(of: pod.rawValue) }

  /// The cost of sending `request` to a pod with `load` and `hits` leading cached blocks.
  public func cost(_ request: RouteRequest, load: PodLoad, hits: Int) -> Double {
    let unit = Double(blockSize)
    let prefillBlocks = Double(request.inputTokens) / unit
    let overlap = Double(hits * request.blockSize) / unit
    let decodeBlocks = Double(load.inflightTokens) / unit
    return prefillLoadScale * max(0, prefillBlocks - overlap) + decodeBlocks
  }

  public mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision {
    index.leadingHits(request.prefixBlocks, podCount: fleet.count, into: &hits)
    var best: PodID?
    var bestCost = Double.infinity
    var bestCached = Int.max
    for pod in fleet where pod.isRoutable {
      let podCost = cost(request, load: pod, hits: hits[pod.id.rawValue])
      let cached = index.cachedBlocks(of: pod.id.rawValue)
      let wins: Bool
      if best == nil || podCost < bestCost - 1e-5 {
        wins = true
      } else if podCost <= bestCost + 1e-5 {
        wins = cached < bestCached
      } else {
        wins = false
      }
      if wins {
        best = pod.id
        bestCost = podCost
        bestCached = cached
      }
    }
    guard let best else { return .noRoutablePod }
    index.insert(request.prefixBlocks, on: best.rawValue)
    return .pod(best)
  }
}
