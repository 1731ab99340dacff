import SimCore

/// Every routing policy muroute can replay, by its command-line name.
public enum RoutingPolicyKind: String, Sendable, Equatable, CaseIterable, NamedChoice {
  /// Round robin over routable pods.
  case roundRobin = "round-robin"
  /// Uniform random routable pod.
  case random = "random"
  /// Fewest active requests.
  case leastRequest = "least-request"
  /// Power of two choices on active requests.
  case p2c = "p2c"
  /// Fewest in-flight tokens.
  case tokenAware = "token-aware"
  /// Lowest believed MU in the fleet.
  case muLeast = "mu-least"
  /// Consistent hashing without a load bound.
  case consistentHash = "consistent-hash"
  /// Consistent hashing with bounded loads.
  case chwbl = "chwbl"
  /// SGLang's cache-aware router.
  case sglangCacheAware = "sglang-cache-aware"
  /// Dynamo's KV router.
  case dynamoKV = "dynamo-kv"
  /// llm-d's weighted scorers.
  case llmD = "llm-d"
  /// production-stack's prefix-aware router.
  case prefixAware = "prefix-aware"
  /// Least MU inside the key's subset, with spill-over.
  case muSubset = "mu-subset"
  /// Random inside the key's subset (open Dicer).
  case dicerRandom = "dicer-random"

  /// A fresh policy of this kind with `parameters` (one per router replica).
  public func makePolicy(_ parameters: RoutingParameters) -> any RoutingPolicy {
    switch self {
    case .roundRobin: RoundRobinPolicy()
    case .random: RandomPolicy()
    case .leastRequest: LeastRequestPolicy()
    case .p2c: PowerOfTwoChoicesPolicy()
    case .tokenAware: TokenAwarePolicy()
    case .muLeast: MULeastPolicy()
    case .consistentHash: ConsistentHashPolicy(virtualNodes: parameters.virtualNodesPerPod)
    case .chwbl:
      BoundedLoadHashPolicy(
        loadFactor: parameters.boundedLoadFactor, virtualNodes: parameters.virtualNodesPerPod)
    case .sglangCacheAware:
      SGLangCacheAwarePolicy(
        cacheThreshold: parameters.sglangCacheThreshold,
        balanceAbsThreshold: parameters.sglangBalanceAbsThreshold,
        balanceRelThreshold: parameters.sglangBalanceRelThreshold,
        maxTreeBlocksPerPod: parameters.sglangMaxTreeBlocksPerPod)
    case .dynamoKV:
      DynamoKVPolicy(
        prefillLoadScale: parameters.dynamoPrefillLoadScale, blockSize: parameters.dynamoBlockSize,
        indexBlocksPerPod: parameters.approximateIndexBlocksPerPod)
    case .llmD:
      LLMDPolicy(
        prefixWeight: parameters.llmdPrefixWeight, queueWeight: parameters.llmdQueueWeight,
        kvUtilizationWeight: parameters.llmdKVUtilizationWeight,
        indexBlocksPerPod: parameters.approximateIndexBlocksPerPod)
    case .prefixAware: PrefixAwarePolicy()
    case .muSubset:
      MUSubsetPolicy(
        spillFactor: parameters.spillFactor, muFloor: parameters.muFloor,
        spillPolicy: parameters.spillPolicy,
        spillCountsRequestEstimate: parameters.spillCountsRequestEstimate,
        prefillWeight: parameters.muPrefillWeight, indexBlocksPerPod: parameters.approximateIndexBlocksPerPod)
    case .dicerRandom: DicerRandomPolicy()
    }
  }

  /// True for the policies that route by the sharder's key subsets (they need `adopt`).
  public var usesKeySubsets: Bool {
    self == .muSubset || self == .dicerRandom
  }

  /// One line for `--help` and reports.
  public var summary: String {
    switch self {
    case .roundRobin: "next routable pod in id order"
    case .random: "uniform random routable pod"
    case .leastRequest: "fewest active requests from this router"
    case .p2c: "power of two choices on active requests"
    case .tokenAware: "fewest in-flight prefill plus decode tokens (Cloudflare)"
    case .muLeast: "lowest believed MU load in the whole fleet"
    case .consistentHash: "shard key on a ring of virtual nodes, no load bound (production-stack session router)"
    case .chwbl: "consistent hashing with bounded loads, c = 1.25"
    case .sglangCacheAware: "SGLang cache-aware: prefix affinity above 0.3 match unless load is imbalanced"
    case .dynamoKV: "Dynamo KV router: prefill blocks not cached plus decode blocks, lowest cost"
    case .llmD: "llm-d scorers: prefix 3, queue 2, KV utilisation 1, max score"
    case .prefixAware: "production-stack prefix-aware: longest prefix match, else least active"
    case .muSubset: "least MU plus uncached prefill inside the key's Dicer subset, spill when the subset is over c x mean"
    case .dicerRandom: "uniform random inside the key's Dicer subset (open Dicer Clerk)"
    }
  }
}
