/// A pod's cost profile: how long one engine iteration takes, and the pod's capacity limits.
///
/// One iteration ("pass") runs some prefill chunks plus one decode token for each decoding
/// request. Its time, in milliseconds, is
///
///     t_iter = a + b*P + c*PC + f*PK + [n > 0] * (d0 + d*n + e*S)
///
/// - `P`  = prefill tokens in the pass (sum of the chunk lengths `p_j`);
/// - `PC` = `P * Cp` = sum over chunks of `p_j * ctx_j`, where `ctx_j` is the request's context
///   at the *end* of the chunk (cached tokens + tokens prefilled so far + `p_j`); so `Cp` is the
///   token-weighted mean end-of-chunk context of the pass's prefill tokens;
/// - `PK` = sum over chunks of `ctx_j` (attention cost that scales with the whole context even
///   when few tokens are new, as with a prefix-cache hit);
/// - `n`  = decoding requests in the pass; `S` = sum of their contexts (prompt + generated so far).
///
/// For one request with `n_new` uncached tokens in a single chunk and total context `c` this is
/// Preble's per-request fit `T = a + b*n_new + f*c + c_coef*n_new*c` exactly; with no cache it is
/// Vidur's and Splitwise's prefill tables `a + b*p + c*p^2`. `d0` is the fixed cost a pass pays
/// once it carries any decode (the weight-read floor that decode-bound passes see), which lets
/// one profile match a prefill table and a decode-step table measured on different runs.
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
  /// `d0`: fixed cost of a pass that carries at least one decode (ms).
  public var decodeFixedMillis: Double
  /// `d`: cost per decoding request in the pass (ms).
  public var decodeRequestMillis: Double
  /// `e`: cost per context token of the decoding requests (ms; the KV read).
  public var decodeContextMillis: Double
  /// KV cache capacity in blocks of `blockTokens` tokens.
  public var kvCapacityBlocks: Int
  /// Tokens per KV block on the pod (vLLM default 16).
  public var blockTokens: Int
  /// Cap on running requests (vLLM `max_num_seqs`).
  public var maxRunningRequests: Int
  /// Prefill tokens one pass may carry (chunked prefill); decode tokens do not count against it.
  public var prefillTokenBudget: Int
  /// Decode batch at the MU operating point `B*` (see `MUCostModel`).
  public var operatingBatch: Int

  /// Creates a profile; call `validate()` before simulating user-supplied values.
  public init(
    name: String, fixedMillis: Double, prefillTokenMillis: Double, prefillAttentionMillis: Double = 0,
    prefillContextMillis: Double = 0, decodeFixedMillis: Double = 0, decodeRequestMillis: Double = 0,
    decodeContextMillis: Double = 0, kvCapacityBlocks: Int, blockTokens: Int = 16,
    maxRunningRequests: Int = 256, prefillTokenBudget: Int = 8192, operatingBatch: Int = 32
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
  }

  /// Iteration time in milliseconds for a pass with the given batch (floating point, for reports
  /// and the MU model; the pod itself uses exact integer picoseconds).
  public func iterationMillis(
    prefillTokens: Int, prefillTokenContext: Int, prefillContext: Int, decodes: Int, decodeContext: Int
  ) -> Double {
    var t = fixedMillis + prefillTokenMillis * Double(prefillTokens)
      + prefillAttentionMillis * Double(prefillTokenContext) + prefillContextMillis * Double(prefillContext)
    if decodes > 0 {
      t += decodeFixedMillis + decodeRequestMillis * Double(decodes) + decodeContextMillis * Double(decodeContext)
    }
    return t
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
    if fixedMillis + prefillTokenMillis <= 0 {
      return ("prefillTokenMillis", "fixedMillis + prefillTokenMillis must be positive so a prefill pass takes time")
    }
    if fixedMillis + decodeFixedMillis + decodeRequestMillis <= 0 {
      return ("decodeFixedMillis", "fixedMillis + decodeFixedMillis + decodeRequestMillis must be positive so a decode pass takes time")
    }
    let limits: [(String, Int, Int)] = [
      ("kvCapacityBlocks", kvCapacityBlocks, 1), ("blockTokens", blockTokens, 1),
      ("maxRunningRequests", maxRunningRequests, 1), ("prefillTokenBudget", prefillTokenBudget, 1),
      ("operatingBatch", operatingBatch, 1),
    ]
    for (field, value, minimum) in limits where value < minimum || value > 1 << 30 {
      return (field, "must be an integer in [\(minimum), 2^30], got \(value)")
    }
    if name.isEmpty { return ("name", "must not be empty") }
    return nil
  }
}
