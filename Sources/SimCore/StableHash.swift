/// Deterministic 64-bit hashing for keys that must map to the same place in every process.
///
/// Swift's `Hasher` is seeded per process, so it can never place a session on a ring or in a
/// key space. This is FNV-1a over the bytes followed by the MurmurHash3 finaliser, which gives
/// full avalanche so that nearby keys spread over the whole 64-bit space.
public enum StableHash {
  @usableFromInline static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
  @usableFromInline static let prime: UInt64 = 0x0000_0100_0000_01B3

  /// Hash of a string's UTF-8 bytes.
  public static func hash(_ string: String) -> UInt64 {
    var h = offsetBasis
    for byte in string.utf8 {
      h = (h ^ UInt64(byte)) &* prime
    }
    return mix(h)
  }

  /// Hash of raw bytes.
  @inlinable public static func hash<Bytes: Sequence>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var h = offsetBasis
    for byte in bytes {
      h = (h ^ UInt64(byte)) &* prime
    }
    return mix(h)
  }

  /// Hash of a sequence of 64-bit words (e.g. leading prefix-block ids).
  @inlinable public static func hash<Words: Sequence>(words: Words) -> UInt64 where Words.Element == UInt64 {
    var h = offsetBasis
    for word in words {
      h = mix(h ^ word) &* prime
    }
    return mix(h)
  }

  /// Combines two hashes into one, order-sensitively.
  @inlinable public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
    mix(a &* 0x9E37_79B9_7F4A_7C15 ^ b)
  }

  /// The MurmurHash3 64-bit finaliser: a bijection with full avalanche.
  @inlinable public static func mix(_ value: UInt64) -> UInt64 {
    var k = value
    k ^= k >> 33
    k &*= 0xFF51_AFD7_ED55_8CCD
    k ^= k >> 33
    k &*= 0xC4CE_B9FE_1A85_EC53
    k ^= k >> 33
    return k
  }
}
