/// A half-open range `[low, high)` of 64-bit hashed keys.
///
/// The key space is `[0, 2^64)`, and 2^64 does not fit in a `UInt64`, so a range that reaches
/// the top of the space says so with `isToEnd` (and then keeps `high` at 0). Every other range
/// has `high > low`.
public struct KeySlice: Hashable, Sendable, CustomStringConvertible {
  /// The first key in the range.
  public var low: UInt64
  /// The first key after the range; 0 and unused when `isToEnd`.
  public var high: UInt64
  /// True when the range runs to the top of the key space (its exclusive end is 2^64).
  public var isToEnd: Bool

  /// The range `[low, high)`; `high` must exceed `low`.
  @inlinable public init(low: UInt64, high: UInt64) {
    precondition(high > low, "KeySlice needs high > low, got [\(low), \(high))")
    self.low = low
    self.high = high
    self.isToEnd = false
  }

  @inlinable init(low: UInt64, high: UInt64, isToEnd: Bool) {
    self.low = low
    self.high = isToEnd ? 0 : high
    self.isToEnd = isToEnd
  }

  /// The range `[low, 2^64)`.
  @inlinable public static func toEnd(from low: UInt64) -> KeySlice {
    KeySlice(low: low, high: 0, isToEnd: true)
  }

  /// The whole key space.
  public static let full = KeySlice.toEnd(from: 0)

  /// The range holding exactly one key.
  @inlinable public static func singleKey(_ key: UInt64) -> KeySlice {
    key == .max ? .toEnd(from: key) : KeySlice(low: key, high: key + 1, isToEnd: false)
  }

  /// The last key in the range (inclusive).
  @inlinable public var lastKey: UInt64 { isToEnd ? .max : high &- 1 }

  /// Whether `key` lies in the range.
  @inlinable public func contains(_ key: UInt64) -> Bool {
    key >= low && (isToEnd || key < high)
  }

  /// Number of keys in the range, as a Double (2^64 for the full space).
  @inlinable public var width: Double { Double(lastKey &- low) + 1 }

  /// The range's share of the key space, in (0, 1]: the key numbers `0x0.<bytes>` Dicer uses.
  @inlinable public var keySpaceFraction: Double { width * 0x1.0p-64 }

  /// Whether the range holds a single key and so cannot be split.
  @inlinable public var isSingleKey: Bool { lastKey == low }

  /// The part of this range that is also in `other`, if any.
  public func intersection(_ other: KeySlice) -> KeySlice? {
    let newLow = Swift.max(low, other.low)
    let newLast = Swift.min(lastKey, other.lastKey)
    guard newLow <= newLast else { return nil }
    return newLast == .max ? .toEnd(from: newLow) : KeySlice(low: newLow, high: newLast + 1, isToEnd: false)
  }

  /// The two ranges `[low, key)` and `[key, high)`; nil unless `low < key <= lastKey`.
  public func split(at key: UInt64) -> (KeySlice, KeySlice)? {
    guard key > low, key <= lastKey else { return nil }
    return (KeySlice(low: low, high: key, isToEnd: false), KeySlice(low: key, high: high, isToEnd: isToEnd))
  }

  /// The range from this one's low to `other`'s end; `other` must start where this one ends.
  func joined(with other: KeySlice) -> KeySlice {
    precondition(!isToEnd && other.low == high, "joined(with:) needs adjacent ranges: \(self) and \(other)")
    return KeySlice(low: low, high: other.high, isToEnd: other.isToEnd)
  }

  public var description: String {
    isToEnd ? "[\(hex(low)), end)" : "[\(hex(low)), \(hex(high)))"
  }
}

/// A key in fixed-width hexadecimal, for messages.
func hex(_ key: UInt64) -> String {
  let digits = String(key, radix: 16)
  return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
}
