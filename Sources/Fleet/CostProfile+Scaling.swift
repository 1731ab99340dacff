extension CostProfile {
  /// The profile with its prefill coefficients (`b`, `c`, `f`) multiplied by `prefill` and its
  /// per-pass and decode ones (`a`, `d0`, `d`, `e`) by `decode`, limits unchanged: a cost model
  /// that misjudges prefill or decode (or both, equally: then every MU scales alike).
  public func scaled(prefill: Double, decode: Double) -> CostProfile {
    var scaled = self
    scaled.prefillTokenMillis *= prefill
    scaled.prefillAttentionMillis *= prefill
    scaled.prefillContextMillis *= prefill
    scaled.fixedMillis *= decode
    scaled.decodeFixedMillis *= decode
    scaled.decodeRequestMillis *= decode
    scaled.decodeContextMillis *= decode
    return scaled
  }
}
