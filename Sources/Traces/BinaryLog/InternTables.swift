/// The writer's side of one interned-string table: a string seen within the window is written
/// as its slot number, any other as its bytes (and takes a slot, evicting the least recently
/// used string once the table is full).
struct StringInterner {
  private var recency: SlotRecency
  private var strings: [String] = []
  private var slots: [String: Int] = [:]

  init(capacity: Int) { recency = SlotRecency(capacity: capacity) }

  /// The string's slot and whether it was already in the table (else it now is).
  mutating func intern(_ string: String) -> (slot: Int, known: Bool) {
    if let slot = slots[string] {
      recency.use(slot)
      return (slot, true)
    }
    let (slot, reused) = recency.claim()
    if reused {
      slots[strings[slot]] = nil
      strings[slot] = string
    } else {
      strings.append(string)
    }
    slots[string] = slot
    return (slot, false)
  }
}

/// The reader's side of one interned-string table: the same slots, filled in the same order.
struct StringTable {
  private var recency: SlotRecency
  private var strings: [String] = []

  init(capacity: Int) { recency = SlotRecency(capacity: capacity) }

  /// Slots handed out so far.
  var count: Int { recency.count }

  /// The string in `slot`, now the most recently used.
  @inline(__always)
  mutating func lookUp(_ slot: Int) -> String? {
    guard slot < strings.count else { return nil }
    recency.use(slot)
    return strings[slot]
  }

  /// Stores a string the file spells out; returns its slot.
  @discardableResult
  mutating func add(_ string: String) -> Int {
    let (slot, reused) = recency.claim()
    if reused { strings[slot] = string } else { strings.append(string) }
    return slot
  }
}
