/// Every routing policy muroute can replay, by its command-line name.
public enum RoutingPolicyKind: String, Sendable, Equatable, CaseIterable {
  case roundRobin = "round-robin"
  case random = "random"
  case leastRequest = "least-request"
  case p2c = "p2c"
  case tokenAware = "token-aware"
  case muLeast = "mu-least"
  case consistentHash = "consistent-hash"
  case chwbl = "chwbl"
  case sglangCacheAware = "sglang-cache-aware"
  case dynamoKV = "dynamo-kv"
  case llmD = "llm-d"
  case prefixAware = "prefix-aware"
  case muSubset = "mu-subset"
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
        spillCountsRequestEstimate: parameters.spillCountsRequestEstimate)
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
    case .consistentHash: "shard key on a ring of 160 virtual nodes per pod, no load bound (production-stack session router)"
    case .chwbl: "consistent hashing with bounded loads, c = 1.25"
    case .sglangCacheAware: "SGLang cache-aware: prefix-tree affinity above 0.3 match unless load is imbalanced (64 / 1.5x)"
    case .dynamoKV: "Dynamo KV router: prefill blocks not cached plus decode blocks, lowest cost"
    case .llmD: "llm-d scorers: prefix 3, queue 2, KV utilisation 1, max score"
    case .prefixAware: "production-stack prefix-aware: longest prefix match, else least active"
    case .muSubset: "least MU inside the key's Dicer subset, spill when the subset is over c x mean"
    case .dicerRandom: "uniform random inside the key's Dicer subset (open Dicer Clerk)"
    }
  }
}
