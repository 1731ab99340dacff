/// A small, fast, seeded random number generator (Steele, Lea and Flood's SplitMix64).
///
/// Every random draw in a replay comes from one of these, so a seed fixes the whole run.
/// Components get independent streams through `init(seed:stream:)`, so adding a draw in one
/// component never shifts the numbers another component sees.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  @usableFromInline var state: UInt64

  @inlinable public init(seed: UInt64) { state = seed }

  /// A stream derived from a run seed and a component label, e.g. `(seed, "router")`.
  public init(seed: UInt64, stream label: String) {
    state = seed ^ StableHash.hash(label)
    _ = next()
  }

  @inlinable public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1) with 53 bits of randomness.
  @inlinable public mutating func nextUnitDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }
}
