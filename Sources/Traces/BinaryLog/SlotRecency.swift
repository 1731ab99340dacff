/// The least-recently-used order of a fixed number of table slots.
///
/// The binary log's writer and reader each keep one per interned table and apply the same
/// operations in the same order, so both evict the same slot at the same record without the
/// file ever saying so. Slots are handed out 0, 1, 2, ... until `capacity`, then the least
/// recently used is reused.
struct SlotRecency {
  let capacity: Int
  /// Slots handed out so far (at most `capacity`).
  private(set) var count = 0
  private var newer: [Int32] = []
  private var older: [Int32] = []
  /// Most and least recently used slot (-1 while empty).
  private var newest: Int32 = -1
  private var oldest: Int32 = -1

  init(capacity: Int) {
    precondition(capacity > 0, "a table needs at least one slot")
    self.capacity = capacity
  }

  /// A slot for a new entry: a fresh one while there are any, else the least recently used
  /// (which the caller overwrites). The slot becomes the most recently used.
  mutating func claim() -> (slot: Int, reused: Bool) {
    if count < capacity {
      let slot = Int32(count)
      count += 1
      newer.append(-1)
      older.append(newest)
      if newest >= 0 { newer[Int(newest)] = slot }
      newest = slot
      if oldest < 0 { oldest = slot }
      return (Int(slot), false)
    }
    let slot = Int(oldest)
    use(slot)
    return (slot, true)
  }

  /// Marks an existing slot the most recently used.
  mutating func use(_ slot: Int) {
    let s = Int32(slot)
    guard s != newest else { return }
    let before = older[slot]
    let after = newer[slot]
    // Unlink (it is not the newest, so `after` exists).
    older[Int(after)] = before
    if before >= 0 { newer[Int(before)] = after } else { oldest = after }
    // Relink at the newest end.
    older[slot] = newest
    newer[slot] = -1
    newer[Int(newest)] = s
    newest = s
  }
}
