/// Turns a request into model units (MU): the replica time it costs at the profile's operating
/// point, scaled so that one fully busy pod delivers `muPerMinute` MU per minute
/// (routing-stack.md section 1.2).
///
/// Replica time, from the profile's coefficients (ms):
///
///     prefill = b*n_new + c*n_new*n_in + f*n_in                  (n_new = n_in - n_cached)
///     decode  = n_out * ((a + d0) / B* + d) + e * (n_out*n_in + n_out*(n_out+1)/2)
///
/// The prefill share is Preble's form without its fixed cost (on a busy pod a prefill rides on a
/// pass that is paid for anyway); the decode share is the request's 1/B* of each pass's fixed
/// cost at the operating batch `B*` = `profile.operatingBatch` (default 32, the largest batch in
/// the published decode tables and the point where decode stops being purely weight-bound), plus
/// its own KV read. Then `MU = replica seconds * muPerMinute / 60`.
public struct MUCostModel: Sendable, Equatable {
  /// The profile whose coefficients price the request.
  public var profile: CostProfile
  /// `C_MU`: MU one pod delivers per minute at the operating point.
  public var muPerMinute: Double
  /// Request shape used to express pod capacity in MU: prompt tokens.
  public var referenceInputTokens: Int
  /// Request shape used to express pod capacity in MU: output tokens.
  public var referenceOutputTokens: Int

  /// A model with `C_MU` = 100 MU/min and a 1024-in/256-out reference request.
  public init(
    profile: CostProfile, muPerMinute: Double = 100, referenceInputTokens: Int = 1024,
    referenceOutputTokens: Int = 256
  ) {
    self.profile = profile
    self.muPerMinute = muPerMinute
    self.referenceInputTokens = referenceInputTokens
    self.referenceOutputTokens = referenceOutputTokens
  }

  /// Replica seconds the request costs at the operating point.
  public func replicaSeconds(inputTokens: Int, cachedTokens: Int, outputTokens: Int) -> Double {
    let p = profile
    let nIn = Double(max(0, inputTokens))
    let nNew = Double(max(0, inputTokens - max(0, cachedTokens)))
    let nOut = Double(max(0, outputTokens))
    let prefill = p.prefillTokenMillis * nNew + p.prefillAttentionMillis * nNew * nIn + p.prefillContextMillis * nIn
    let batch = Double(max(1, p.operatingBatch))
    let decode =
      nOut * ((p.fixedMillis + p.decodeFixedMillis) / batch + p.decodeRequestMillis)
      + p.decodeContextMillis * (nOut * nIn + nOut * (nOut + 1) / 2)
    return (prefill + decode) / 1000
  }

  /// Model units the request costs.
  public func mu(inputTokens: Int, cachedTokens: Int = 0, outputTokens: Int) -> Double {
    replicaSeconds(inputTokens: inputTokens, cachedTokens: cachedTokens, outputTokens: outputTokens)
      * muPerMinute / 60
  }

  /// Requests of the reference shape a saturated pod holds: the operating batch `B*`, or fewer
  /// when that many reference prompts and answers do not fit in its KV memory.
  public var saturationBatch: Int {
    let tokensPerRequest = max(1, referenceInputTokens + referenceOutputTokens)
    let fit = profile.kvCapacityBlocks * profile.blockTokens / tokensPerRequest
    return max(1, min(profile.operatingBatch, fit))
  }

  /// In-flight MU of a saturated pod (`C_rep`): `saturationBatch` reference requests spread
  /// evenly over their lifetimes.
  ///
  /// A pod's load report counts each running request's remaining share of its MU, which falls
  /// from the full estimate to 0 as it decodes, so on average half of it: hence
  /// `saturationBatch * MU(reference) / 2`. By Little's law this is the pod's MU rate
  /// (`C_MU`/60 per second) times half the reference request's residence time, the level at
  /// which a pod just keeps up with reference-shaped traffic. The reference shape should be the
  /// replayed traffic's own (`muroute replay` takes the mean of the log's first requests): a
  /// pod saturates at a higher in-flight MU on long prompts than on short chat turns.
  public var podCapacityMU: Double {
    Double(saturationBatch)
      * mu(inputTokens: referenceInputTokens, cachedTokens: 0, outputTokens: referenceOutputTokens) / 2
  }
}
