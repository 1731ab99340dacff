/// A pod's cost profile: how long one engine iteration takes, and the pod's capacity limits.
///
/// One iteration ("pass") runs some prefill chunks plus one decode token for each decoding
/// request, fused into one forward pass. Its time, in milliseconds, is
///
///     t_iter = a + max(d0, b*P) + c*PC + f*PK + d*n + e*S
///
/// - `P`  = prefill tokens in the pass (sum of the chunk lengths `p_j`);
/// - `PC` = `P * Cp` = sum over chunks of `p_j * ctx_j`, where `ctx_j` is the request's context
///   at the *end* of the chunk (cached tokens + tokens prefilled so far + `p_j`); so `Cp` is the
///   token-weighted mean end-of-chunk context of the pass's prefill tokens;
/// - `PK` = sum over chunks of `ctx_j` (attention cost that scales with the whole context even
///   when few tokens are new, as with a prefix-cache hit);
/// - `n`  = decoding requests in the pass; `S` = sum of their contexts (prompt + generated so far).
///
/// `max(d0, b*P)` is a roofline for the linear layers: every pass reads the weights once (`d0`,
/// the floor a decode-only pass sits on), and a prefill large enough to be compute-bound costs
/// `b` per token instead, the weight read hidden under it. Decode tokens ride in the same pass
/// as extra tokens at `d` each plus their KV read `e*S`, so a prefill chunk that joins running
/// decodes does not pay the floor a second time (vLLM, SGLang and BLIS fuse them; Vidur keys
/// the linear operators on the batch's total tokens).
///
/// For one request with `n_new` uncached tokens in a single compute-bound chunk and total
/// context `c` this is Preble's per-request fit `T = a + b*n_new + f*c + c_coef*n_new*c`; with no
/// cache it is Vidur's and Splitwise's prefill tables `a + b*p + c*p^2`; with `d0 = 0` and no
/// attention terms it is BLIS's step `b0 + b1*P + b2*n`. A decode-only pass is `a + d0 + d*n +
/// e*S`, the decode-step tables.
public struct CostProfile: Sendable, Codable, Equatable {
  /// Profile name, e.g. `llama-3-8b-a100`.
  public var name: String
  /// `a`: fixed cost of every pass (ms).
  public var fixedMillis: Double
  /// `b`: cost per prefill token (ms).
  public var prefillTokenMillis: Double
  /// `c`: cost per prefill token per token of its end-of-chunk context (ms).
  public var prefillAttentionMillis: Double
  /// `f`: cost per token of end-of-chunk context, per chunk (ms).
  public var prefillContextMillis: Double
  /// `d0`: the weight-read floor of a pass's linear layers (ms): a pass costs `max(d0, b*P)`
  /// for them. (The JSON key keeps its historical name: a decode-only pass pays exactly `d0`.)
  public var decodeFixedMillis: Double
  /// `d`: cost per decoding request in the pass (ms).
  public var decodeRequestMillis: Double
  /// `e`: cost per context token of the decoding requests (ms; the KV read).
  public var decodeContextMillis: Double
  /// KV cache capacity in blocks of `blockTokens` tokens.
  public var kvCapacityBlocks: Int
  /// Tokens per KV block on the pod (vLLM default 16), at most `maximumBlockTokens`.
  public var blockTokens: Int
  /// The largest `blockTokens` a profile may give.
  public static let maximumBlockTokens = 1024
  /// Cap on running requests (vLLM `max_num_seqs`).
  public var maxRunningRequests: Int
  /// Prefill tokens one pass may carry (chunked prefill); decode tokens do not count against it.
  public var prefillTokenBudget: Int
  /// Decode batch at the MU operating point `B*` (see `MUCostModel`).
  public var operatingBatch: Int
  /// How the pod composes passes: chunked prefill (vLLM v1, the default) or prefill-first.
  public var scheduler: PodScheduler

  /// Creates a profile; call `validate()` before simulating user-supplied values.
  public init(
    name: String, fixedMillis: Double, prefillTokenMillis: Double, prefillAttentionMillis: Double = 0,
    prefillContextMillis: Double = 0, decodeFixedMillis: Double = 0, decodeRequestMillis: Double = 0,
    decodeContextMillis: Double = 0, kvCapacityBlocks: Int, blockTokens: Int = 16,
    maxRunningRequests: Int = 256, prefillTokenBudget: Int = 8192, operatingBatch: Int = 32,
    scheduler: PodScheduler = .chunked
  ) {
    self.name = name
    self.fixedMillis = fixedMillis
    self.prefillTokenMillis = prefillTokenMillis
    self.prefillAttentionMillis = prefillAttentionMillis
    self.prefillContextMillis = prefillContextMillis
    self.decodeFixedMillis = decodeFixedMillis
    self.decodeRequestMillis = decodeRequestMillis
    self.decodeContextMillis = decodeContextMillis
    self.kvCapacityBlocks = kvCapacityBlocks
    self.blockTokens = blockTokens
    self.maxRunningRequests = maxRunningRequests
    self.prefillTokenBudget = prefillTokenBudget
    self.operatingBatch = operatingBatch
    self.scheduler = scheduler
  }

  /// Iteration time in milliseconds for a pass with the given batch (floating point, for reports
  /// and the MU model; the pod itself uses exact integer picoseconds).
  public func iterationMillis(
    prefillTokens: Int, prefillTokenContext: Int, prefillContext: Int, decodes: Int, decodeContext: Int
  ) -> Double {
    fixedMillis + max(decodeFixedMillis, prefillTokenMillis * Double(prefillTokens))
      + prefillAttentionMillis * Double(prefillTokenContext) + prefillContextMillis * Double(prefillContext)
      + decodeRequestMillis * Double(decodes) + decodeContextMillis * Double(decodeContext)
  }

  /// The first field that makes the profile unusable, if any: `(field, reason)`.
  public func firstInvalidField() -> (field: String, reason: String)? {
    let coefficients: [(String, Double)] = [
      ("fixedMillis", fixedMillis), ("prefillTokenMillis", prefillTokenMillis),
      ("prefillAttentionMillis", prefillAttentionMillis), ("prefillContextMillis", prefillContextMillis),
      ("decodeFixedMillis", decodeFixedMillis), ("decodeRequestMillis", decodeRequestMillis),
      ("decodeContextMillis", decodeContextMillis),
    ]
    for (field, value) in coefficients where !(value.isFinite && value >= 0 && value < 1e6) {
      return (field, "must be a finite number of milliseconds in [0, 1e6), got \(value)")
    }
    if fixedMillis + max(decodeFixedMillis, prefillTokenMillis) <= 0 {
      return ("prefillTokenMillis", "fixedMillis + max(decodeFixedMillis, prefillTokenMillis) must be positive so a prefill pass takes time")
    }
    if fixedMillis + decodeFixedMillis + decodeRequestMillis <= 0 {
      return ("decodeFixedMillis", "fixedMillis + decodeFixedMillis + decodeRequestMillis must be positive so a decode pass takes time")
    }
    if blockTokens < 1 || blockTokens > Self.maximumBlockTokens {
      // A pod keeps a counter per token position in a block (which decode pass takes a new one).
      return ("blockTokens", "must be an integer in [1, \(Self.maximumBlockTokens)] (engines use 1 to 256), got \(blockTokens)")
    }
    let limits: [(String, Int)] = [
      ("kvCapacityBlocks", kvCapacityBlocks), ("maxRunningRequests", maxRunningRequests),
      ("prefillTokenBudget", prefillTokenBudget), ("operatingBatch", operatingBatch),
    ]
    for (field, value) in limits where value < 1 || value > 1 << 30 {
      return (field, "must be an integer in [1, 2^30], got \(value)")
    }
    let longest = longestPassMillis
    if !(longest <= Self.longestPassLimitMillis) {
      return (
        "prefillTokenBudget",
        "the longest pass the profile allows (prefillTokenBudget tokens against a full KV memory, maxRunningRequests "
          + "decoding) would take \(Int(min(longest, 1e15)) / 1000) s; keep it within \(Int(Self.longestPassLimitMillis) / 1000) s "
          + "(smaller coefficients or limits)"
      )
    }
    if name.isEmpty { return ("name", "must not be empty") }
    return nil
  }

  /// The longest a pass may take at the profile's own limits: ten minutes. (Engines' passes take
  /// milliseconds to seconds; the bound keeps one pass of a pod slowed a thousandfold, 6e17 ps,
  /// inside a decode run's 2^60 ps.)
  public static let longestPassLimitMillis = 600_000.0

  /// An upper bound on a pass's time (ms): a full prefill budget whose chunks each see the whole
  /// KV memory as context, plus the most decoders with the whole KV memory as their context.
  public var longestPassMillis: Double {
    let kvTokens = Double(kvCapacityBlocks) * Double(blockTokens)
    let budget = Double(prefillTokenBudget)
    let chunks = Double(min(prefillTokenBudget, maxRunningRequests))
    return fixedMillis + max(decodeFixedMillis, prefillTokenMillis * budget) + prefillAttentionMillis * budget * kvTokens
      + prefillContextMillis * chunks * kvTokens
      + decodeRequestMillis * Double(maxRunningRequests) + decodeContextMillis * kvTokens
  }
}

/// How a pod picks the batch of a pass.
public enum PodScheduler: String, Sendable, Codable, Equatable, CaseIterable {
  /// vLLM v1 / SGLang: running decodes first, then prefill chunks up to `prefillTokenBudget`
  /// (a long prompt is split over several passes, each fused with the running decodes).
  case chunked
  /// vLLM before v1 (its default without `--enable-chunked-prefill`): whenever a waiting request
  /// can be admitted, the pass prefills waiting prompts whole (up to `prefillTokenBudget`
  /// tokens; a longer prompt runs alone) and no decode runs in it; otherwise the pass decodes.
  case prefillFirst = "prefill-first"
}
