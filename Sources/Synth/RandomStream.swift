import Foundation
import SimCore

/// A `SplitMix64` stream with the continuous and heavy-tailed draws the generator needs.
///
/// Normal draws use Marsaglia's polar method and keep the pair's second value for the next call,
/// so a lognormal costs one logarithm, one square root and one exponential on average.
struct RandomStream: Sendable {
  private var generator: SplitMix64
  private var spareNormal = Double.nan

  /// The stream named `label` of the run seeded with `seed`.
  init(seed: UInt64, stream label: String) {
    generator = SplitMix64(seed: seed, stream: label)
  }

  /// A uniform double in [0, 1).
  mutating func nextUnit() -> Double { generator.nextUnitDouble() }

  /// A uniform double in (0, 1]: safe to take the logarithm of.
  mutating func nextOpenUnit() -> Double {
    Double((generator.next() >> 11) + 1) * 0x1.0p-53
  }

  /// An exponential draw with mean 1.
  mutating func nextExponential() -> Double {
    -log(nextOpenUnit())
  }

  /// A standard normal draw.
  mutating func nextStandardNormal() -> Double {
    if !spareNormal.isNaN {
      defer { spareNormal = .nan }
      return spareNormal
    }
    while true {
      let u = 2 * generator.nextUnitDouble() - 1
      let v = 2 * generator.nextUnitDouble() - 1
      let s = u * u + v * v
      if s >= 1 || s == 0 { continue }
      let scale = (-2 * log(s) / s).squareRoot()
      spareNormal = v * scale
      return u * scale
    }
  }

  /// A draw from `distribution`, capped at `limit`.
  mutating func next(_ distribution: Lognormal, cappedAt limit: Double) -> Double {
    if distribution.sigma == 0 { return min(distribution.median, limit) }
    return min(distribution.median * exp(distribution.sigma * nextStandardNormal()), limit)
  }

  /// A token count from `distribution`: rounded, at least 1 and at most `limit`.
  mutating func nextTokens(_ distribution: Lognormal, limit: Int) -> Int {
    let value = next(distribution, cappedAt: Double(limit)).rounded()
    return Swift.max(1, Swift.min(limit, Int(value)))
  }

  /// A heavy-tailed count in 1...maximum with `P(count ≥ k) = k^-tailIndex` (floored Pareto).
  mutating func nextParetoCount(tailIndex: Double, maximum: Int) -> Int {
    let value = pow(nextOpenUnit(), -1 / tailIndex)
    if value >= Double(maximum) { return maximum }
    return Swift.max(1, Int(value))
  }

  /// A log-uniform integer in `lower...upper`.
  mutating func nextLogUniform(_ lower: Int, _ upper: Int) -> Int {
    if upper <= lower { return lower }
    let logLower = log(Double(lower))
    let value = exp(logLower + (log(Double(upper)) - logLower) * generator.nextUnitDouble()).rounded()
    return Swift.max(lower, Swift.min(upper, Int(value)))
  }
}
