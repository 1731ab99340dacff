@testable import Fleet
import SimCore
import Testing

@Suite struct BlockIndexTests {
  @Test func handPickedCollisionsSurviveRemoval() {
    var index = BlockIndex(capacity: 4)
    index.insert(1, 10)
    index.insert(2, 20)
    index.insert(3, 30)
    index.remove(2)
    #expect(index[1] == 10 && index[2] == nil && index[3] == 30 && index.count == 2)
    index.insert(1, 11)
    #expect(index[1] == 11 && index.count == 2)
  }

  /// Seeded random inserts and removals on a small key space (many collisions and probe-run
  /// wrap-arounds) agree with a Dictionary after every operation.
  @Test func matchesDictionaryUnderRandomOperations() {
    var random = SplitMix64(seed: 7, stream: "block-index")
    var index = BlockIndex(capacity: 8)
    var reference: [UInt64: Int32] = [:]
    var mismatches = 0
    for step in 0..<20_000 {
      let key = random.next() % 300
      if random.next() % 3 == 0 {
        index.remove(key)
        reference[key] = nil
      } else {
        index.insert(key, Int32(step))
        reference[key] = Int32(step)
      }
      if index[key] != reference[key] { mismatches += 1 }
    }
    #expect(mismatches == 0)
    #expect(index.count == reference.count)
    for key in UInt64(0)..<300 { #expect(index[key] == reference[key]) }
  }
}
