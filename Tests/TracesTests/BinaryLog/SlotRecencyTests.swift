import Testing

@testable import Traces

/// The least-recently-used order that the binary log's writer and reader both keep: hand-worked
/// sequences, since the two sides agree only if each evicts exactly this slot.
@Suite struct SlotRecencyTests {
  @Test func reusesTheLeastRecentlyUsedSlot() {
    var recency = SlotRecency(capacity: 3)
    #expect(recency.claim() == (0, false))
    #expect(recency.claim() == (1, false))
    #expect(recency.claim() == (2, false))
    // Newest to oldest: 2 1 0. Using 0 makes it 0 2 1.
    recency.use(0)
    #expect(recency.claim() == (1, true))  // 1 0 2
    recency.use(2)  // 2 1 0
    #expect(recency.claim() == (0, true))  // 0 2 1
    #expect(recency.claim() == (1, true))  // 1 0 2
    recency.use(1)  // already newest
    recency.use(0)  // 0 1 2
    #expect(recency.claim() == (2, true))
    #expect(recency.count == 3)
  }

  @Test func aSingleSlotIsAlwaysReused() {
    var recency = SlotRecency(capacity: 1)
    #expect(recency.claim() == (0, false))
    recency.use(0)
    #expect(recency.claim() == (0, true))
    #expect(recency.claim() == (0, true))
  }

  /// The writer's interner and the reader's table hand out the same slots for the same strings.
  @Test func internerAndTableAgree() {
    var interner = StringInterner(capacity: 2)
    var table = StringTable(capacity: 2)
    for name in ["a", "b", "a", "c", "b", "c", "a", "a"] {
      let (slot, known) = interner.intern(name)
      if known {
        #expect(table.lookUp(slot) == name)
      } else {
        #expect(table.add(name) == slot)
      }
    }
  }
}
