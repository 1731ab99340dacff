/// Key names to small integers, matched against raw key bytes without building strings.
///
/// An open-addressed table hashed on (length, first eight bytes) finds a key in one or two
/// probes. It lives in one fixed allocation so that a lookup touches no reference counts.
final class KeyTable {
  private struct Entry {
    var length: Int
    var prefix: UInt64
    var id: Int
    var nameIndex: Int
  }

  private let names: [[UInt8]]
  private let entries: UnsafeMutableBufferPointer<Entry>
  /// Slot -> entry index + 1 (0: empty).
  private let slots: UnsafeMutableBufferPointer<Int>
  private let mask: Int

  init(_ pairs: [(String, Int)]) {
    let names = pairs.map { Array($0.0.utf8) }
    self.names = names
    entries = .allocate(capacity: max(1, pairs.count))
    var size = 16
    while size < pairs.count * 4 { size *= 2 }
    mask = size - 1
    slots = .allocate(capacity: size)
    slots.initialize(repeating: 0)
    for index in names.indices {
      let entry = Entry(length: names[index].count, prefix: KeyTable.prefix(of: names[index]), id: pairs[index].1, nameIndex: index)
      entries.baseAddress.map { ($0 + index).initialize(to: entry) }
      var slot = KeyTable.slot(entry.length, entry.prefix, mask)
      // The first registration of a name wins (a mapped name may repeat a canonical one).
      var duplicate = false
      while slots[slot] != 0 {
        if names[slots[slot] - 1] == names[index] { duplicate = true }
        slot = (slot + 1) & mask
      }
      if !duplicate { slots[slot] = index + 1 }
    }
  }

  deinit {
    entries.deallocate()
    slots.deallocate()
  }

  private static func prefix(of bytes: [UInt8]) -> UInt64 {
    var word: UInt64 = 0
    for (index, byte) in bytes.prefix(8).enumerated() { word |= UInt64(byte) << (8 * UInt64(index)) }
    return word
  }

  @inline(__always) private static func slot(_ length: Int, _ prefix: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: ((prefix ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
  }

  /// The id of the key at `range`, or nil for an unknown key.
  @inline(__always) func lookup(_ range: Range<Int>, in scanner: JSONScanner) -> Int? {
    if scanner.lastStringHadEscape {
      guard let decoded = try? scanner.decodedString(range) else { return nil }
      return lookup(name: decoded)
    }
    let length = range.count
    var prefix: UInt64 = 0
    let bytes = scanner.bytes
    if let base = bytes.baseAddress, range.lowerBound + 8 <= bytes.count {
      prefix = UnsafeRawPointer(base + range.lowerBound).loadUnaligned(as: UInt64.self)
      if length < 8 { prefix &= (UInt64(1) << (8 * UInt64(length))) &- 1 }
    } else {
      for index in 0..<min(8, length) { prefix |= UInt64(bytes[range.lowerBound + index]) << (8 * UInt64(index)) }
    }
    var slot = KeyTable.slot(length, prefix, mask)
    while true {
      let found = slots[slot]
      if found == 0 { return nil }
      let entry = entries[found - 1]
      if entry.length == length && entry.prefix == prefix
        && (length <= 8 || scanner.key(range, equals: names[entry.nameIndex]))
      {
        return entry.id
      }
      slot = (slot + 1) & mask
    }
  }

  /// The id for a CSV header cell.
  func lookup(name: String) -> Int? {
    let bytes = Array(name.utf8)
    return names.firstIndex(of: bytes).map { entries[$0].id }
  }
}
