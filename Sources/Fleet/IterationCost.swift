/// A cost profile's coefficients in integer picoseconds, so that pass times are exact integers
/// and a run of decode passes sums in closed form to exactly what stepping them one by one gives.
struct IterationCost: Sendable, Equatable {
  var fixed: Int64
  var prefillToken: Int64
  var prefillAttention: Int64
  var prefillContext: Int64
  var passFloor: Int64
  var decodeRequest: Int64
  var decodeContext: Int64

  /// Converts milliseconds to picoseconds (1 ms = 1e9 ps), each coefficient scaled by `slowdown`.
  init(_ profile: CostProfile, slowdown: Double = 1) {
    func ps(_ millis: Double) -> Int64 { Int64((millis * slowdown * 1e9).rounded()) }
    fixed = ps(profile.fixedMillis)
    prefillToken = ps(profile.prefillTokenMillis)
    prefillAttention = ps(profile.prefillAttentionMillis)
    prefillContext = ps(profile.prefillContextMillis)
    passFloor = ps(profile.decodeFixedMillis)
    decodeRequest = ps(profile.decodeRequestMillis)
    decodeContext = ps(profile.decodeContextMillis)
  }

  /// Duration of one pass in picoseconds (never below 1 ps): the fused form of `CostProfile`.
  /// For a given batch of decoders and no prefill the pass time is affine in `s`, so a decode
  /// run still sums in closed form.
  @inline(__always)
  func pass(prefillTokens p: Int64, prefillTokenContext pc: Int64, prefillContext pk: Int64, decodes n: Int64, decodeContext s: Int64) -> Int64 {
    let linear = max(passFloor, prefillToken &* p)
    let t = fixed &+ linear &+ prefillAttention &* pc &+ prefillContext &* pk &+ decodeRequest &* n &+ decodeContext &* s
    return max(1, t)
  }
}
