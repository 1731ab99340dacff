import SimCore

/// What `mu-subset` does when every routable pod of a key's subset is over the threshold.
public enum SpillPolicy: String, Sendable, Equatable, CaseIterable, NamedChoice {
  /// Send to the least-MU pod of the whole fleet.
  case global
  /// Hold the request at the router and ask again later.
  case queue
  /// Refuse the request.
  case reject
  /// Stay in the subset anyway (its least-MU pod).
  case none
}

/// Every tunable of every routing policy, with the defaults their projects ship.
///
/// Seed-independent: randomness comes from the router's stream, never from here.
public struct RoutingParameters: Sendable, Equatable {
  /// `mu-subset` threshold factor `c`: a pod is over when its believed MU exceeds
  /// `c * max(fleet mean, muFloor)` (routing-stack.md 7.4/7.5).
  public var spillFactor: Double = 1.25
  /// Where `mu-subset` sends a request whose whole subset is over.
  public var spillPolicy: SpillPolicy = .global
  /// Lower bound on the fleet mean in the spill threshold, so an idle fleet has no tiny cap (MU).
  public var muFloor: Double = 1
  /// When true, `mu-subset` tests `believedMU + estimatedMU` against the threshold (the form
  /// of routing-stack.md 7.4) instead of the pod's believed MU alone.
  public var spillCountsRequestEstimate = false
  /// `mu-subset`'s `w_pf` (routing-stack.md 7.4/7.5): inside the subset a pod costs its believed
  /// MU plus `w_pf` times the request's prefill MU it would not find cached there; 0 picks
  /// by load alone.
  public var muPrefillWeight = 1.0

  /// `chwbl` load bound `c` (brpc's default).
  public var boundedLoadFactor: Double = 1.25
  /// Ring points per pod for `consistent-hash` and `chwbl` (production-stack's ring uses 160).
  public var virtualNodesPerPod = 160

  /// `sglang-cache-aware`: match rate above which the best-matching pod wins (Python CLI default).
  public var sglangCacheThreshold = 0.3
  /// `sglang-cache-aware`: absolute in-flight spread beyond which the load is imbalanced.
  public var sglangBalanceAbsThreshold = 64
  /// `sglang-cache-aware`: relative in-flight spread (max > rel * min) for imbalance.
  public var sglangBalanceRelThreshold = 1.5
  /// `sglang-cache-aware`: blocks kept per pod in the approximate tree before LRU eviction
  /// (SGLang's 2^26 characters at ~4 characters a token and 512-token blocks is ~2^15).
  public var sglangMaxTreeBlocksPerPod = 1 << 15

  /// `dynamo-kv`: weight of the prefill term (`--router-kv-overlap-score-weight`, default 1).
  public var dynamoPrefillLoadScale = 1.0
  /// `dynamo-kv`: the engine's KV block size in tokens, the unit of the cost.
  public var dynamoBlockSize = 16
  /// `dynamo-kv` and `llm-d`: blocks kept per pod in the router's approximate index.
  public var approximateIndexBlocksPerPod = 1 << 15

  /// `llm-d`: weight of the longest-prefix scorer.
  public var llmdPrefixWeight = 3.0
  /// `llm-d`: weight of the queue scorer.
  public var llmdQueueWeight = 2.0
  /// `llm-d`: weight of the KV-utilisation scorer.
  public var llmdKVUtilizationWeight = 1.0

  /// The shipped defaults.
  public init() {}

  /// The shipped defaults, for default arguments.
  public static let defaults = RoutingParameters()
}

/// A routing parameter out of its valid range.
public struct RoutingParametersError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The parameter's name, as in `RoutingParameters`.
  public var field: String
  /// The rejected value, printed.
  public var value: String
  /// What the value must be.
  public var requirement: String

  public var description: String {
    "routing parameter \(field) = \(value) is invalid: it must be \(requirement); "
      + "fix it in the scenario file or on the command line"
  }
}

extension RoutingParameters {
  /// The parameters unchanged when every value is in range, else the first offending field.
  public func validated() throws(RoutingParametersError) -> RoutingParameters {
    let checks: [(ok: Bool, field: String, value: String, requirement: String)] = [
      (spillFactor.isFinite && spillFactor > 0, "spillFactor", "\(spillFactor)", "a positive number"),
      (muFloor.isFinite && muFloor >= 0, "muFloor", "\(muFloor)", "zero or more"),
      (muPrefillWeight.isFinite && muPrefillWeight >= 0, "muPrefillWeight", "\(muPrefillWeight)", "zero or more"),
      (
        boundedLoadFactor.isFinite && boundedLoadFactor >= 1,
        "boundedLoadFactor", "\(boundedLoadFactor)", "at least 1"
      ),
      (
        (1...4096).contains(virtualNodesPerPod),
        "virtualNodesPerPod", "\(virtualNodesPerPod)", "between 1 and 4096"
      ),
      (
        (0...1).contains(sglangCacheThreshold),
        "sglangCacheThreshold", "\(sglangCacheThreshold)", "between 0 and 1"
      ),
      (
        sglangBalanceAbsThreshold >= 0,
        "sglangBalanceAbsThreshold", "\(sglangBalanceAbsThreshold)", "zero or more"
      ),
      (
        sglangBalanceRelThreshold.isFinite && sglangBalanceRelThreshold >= 1,
        "sglangBalanceRelThreshold", "\(sglangBalanceRelThreshold)", "at least 1"
      ),
      (
        sglangMaxTreeBlocksPerPod >= 1,
        "sglangMaxTreeBlocksPerPod", "\(sglangMaxTreeBlocksPerPod)", "at least 1"
      ),
      (
        dynamoPrefillLoadScale.isFinite && dynamoPrefillLoadScale >= 0,
        "dynamoPrefillLoadScale", "\(dynamoPrefillLoadScale)", "zero or more"
      ),
      (dynamoBlockSize >= 1, "dynamoBlockSize", "\(dynamoBlockSize)", "at least 1 token"),
      (
        approximateIndexBlocksPerPod >= 1,
        "approximateIndexBlocksPerPod", "\(approximateIndexBlocksPerPod)", "at least 1"
      ),
      (
        llmdPrefixWeight.isFinite && llmdPrefixWeight >= 0,
        "llmdPrefixWeight", "\(llmdPrefixWeight)", "zero or more"
      ),
      (
        llmdQueueWeight.isFinite && llmdQueueWeight >= 0,
        "llmdQueueWeight", "\(llmdQueueWeight)", "zero or more"
      ),
      (
        llmdKVUtilizationWeight.isFinite && llmdKVUtilizationWeight >= 0,
        "llmdKVUtilizationWeight", "\(llmdKVUtilizationWeight)", "zero or more"
      ),
    ]
    if let failed = checks.first(where: { !$0.ok }) {
      throw RoutingParametersError(field: failed.field, value: failed.value, requirement: failed.requirement)
    }
    return self
  }
}
