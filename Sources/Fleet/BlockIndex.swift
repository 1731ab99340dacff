/// A map from 64-bit prefix keys to cache-entry slots: open addressing with linear probing and
/// backward-shift deletion, in one flat array of (key, value) pairs.
///
/// The keys are already well-mixed hashes, so one multiply replaces `Hasher`'s SipHash, which
/// made `Dictionary` the pod's hottest spot. Key and value share a 16-byte entry, so a probe
/// costs one cache miss, not two: with 64 pods the tables far exceed the CPU caches and these
/// misses are most of a replay's time. Never iterated, so its order cannot leak into results.
struct BlockIndex: Sendable {
  struct Entry: Sendable {
    var key: UInt64
    /// The stored slot, or -1 for an empty entry.
    var value: Int32
  }
  private var entries: [Entry]
  private var mask: Int
  private var shift: UInt64
  private(set) var count = 0

  init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    entries = Array(repeating: Entry(key: 0, value: -1), count: size)
    mask = size - 1
    shift = UInt64(64 - size.trailingZeroBitCount)
  }

  /// Slots in the table (at least twice `count`).
  var tableSize: Int { entries.count }

  @inline(__always) private func home(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The slot stored for `key`, if any.
  @inline(__always) subscript(key: UInt64) -> Int32? {
    var i = home(key)
    while true {
      let entry = entries[i]
      if entry.value < 0 { return nil }
      if entry.key == key { return entry.value }
      i = (i + 1) & mask
    }
  }

  /// Stores `value` for `key` (replacing any previous value).
  mutating func insert(_ key: UInt64, _ value: Int32) {
    if (count + 1) * 2 > entries.count { grow() }
    var i = home(key)
    while entries[i].value >= 0 {
      if entries[i].key == key {
        entries[i].value = value
        return
      }
      i = (i + 1) & mask
    }
    entries[i] = Entry(key: key, value: value)
    count += 1
  }

  /// Removes `key` if present, shifting later members of its probe run back.
  mutating func remove(_ key: UInt64) {
    var i = home(key)
    while true {
      if entries[i].value < 0 { return }
      if entries[i].key == key { break }
      i = (i + 1) & mask
    }
    var hole = i
    var j = i
    while true {
      j = (j + 1) & mask
      if entries[j].value < 0 { break }
      let ideal = home(entries[j].key)
      // Move j into the hole unless its ideal slot lies cyclically in (hole, j].
      let inRange = hole <= j ? (ideal > hole && ideal <= j) : (ideal > hole || ideal <= j)
      if !inRange {
        entries[hole] = entries[j]
        hole = j
      }
    }
    entries[hole].value = -1
    count -= 1
  }

  private mutating func grow() {
    let old = entries
    self = BlockIndex(capacity: old.count)
    for entry in old where entry.value >= 0 { insert(entry.key, entry.value) }
  }

  #if MUROUTE_INTERNAL_CHECKS
    /// Every stored value (debug checks only; order is meaningless).
    var storedValues: [Int32] { entries.map(\.value).filter { $0 >= 0 } }
  #endif
}
