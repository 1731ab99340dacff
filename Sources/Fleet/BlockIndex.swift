/// A map from 64-bit prefix keys to cache-entry slots: open addressing with linear probing and
/// backward-shift deletion, in two flat arrays.
///
/// The keys are already well-mixed hashes, so one multiply replaces `Hasher`'s SipHash, which
/// made `Dictionary` the pod's hottest spot. Never iterated, so its order cannot leak into results.
struct BlockIndex: Sendable {
  private var keys: [UInt64]
  private var values: [Int32]
  private var mask: Int
  private var shift: UInt64
  private(set) var count = 0

  init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = Array(repeating: 0, count: size)
    values = Array(repeating: -1, count: size)
    mask = size - 1
    shift = UInt64(64 - size.trailingZeroBitCount)
  }

  @inline(__always) private func home(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The slot stored for `key`, if any.
  @inline(__always) subscript(key: UInt64) -> Int32? {
    var i = home(key)
    while true {
      let v = values[i]
      if v < 0 { return nil }
      if keys[i] == key { return v }
      i = (i + 1) & mask
    }
  }

  /// Stores `value` for `key` (replacing any previous value).
  mutating func insert(_ key: UInt64, _ value: Int32) {
    if (count + 1) * 2 > keys.count { grow() }
    var i = home(key)
    while values[i] >= 0 {
      if keys[i] == key {
        values[i] = value
        return
      }
      i = (i + 1) & mask
    }
    keys[i] = key
    values[i] = value
    count += 1
  }

  /// Removes `key` if present, shifting later members of its probe run back.
  mutating func remove(_ key: UInt64) {
    var i = home(key)
    while true {
      if values[i] < 0 { return }
      if keys[i] == key { break }
      i = (i + 1) & mask
    }
    var hole = i
    var j = i
    while true {
      j = (j + 1) & mask
      if values[j] < 0 { break }
      let ideal = home(keys[j])
      // Move j into the hole unless its ideal slot lies cyclically in (hole, j].
      let inRange = hole <= j ? (ideal > hole && ideal <= j) : (ideal > hole || ideal <= j)
      if !inRange {
        keys[hole] = keys[j]
        values[hole] = values[j]
        hole = j
      }
    }
    values[hole] = -1
    count -= 1
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    self = BlockIndex(capacity: oldKeys.count)
    for i in oldKeys.indices where oldValues[i] >= 0 { insert(oldKeys[i], oldValues[i]) }
  }

  #if MUROUTE_INTERNAL_CHECKS
    /// Every stored value (debug checks only; order is meaningless).
    var storedValues: [Int32] { values.filter { $0 >= 0 } }
  #endif
}
