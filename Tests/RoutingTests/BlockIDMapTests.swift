import SimCore
import Testing

@testable import Routing

/// The prefix indexes' id map against `Dictionary`: same answers after any sequence of sets and
/// removals, including ids that collide on their home slot and runs that wrap around the table.
@Suite struct BlockIDMapTests {
  @Test func setsReplacesAndRemovesByHand() {
    var map = BlockIDMap<Int32>(placeholder: -1)
    map[7] = 1
    map[0] = 2
    map[UInt64.max] = 3
    map[7] = 4
    #expect(map.count == 3)
    #expect(map[7] == 4 && map[0] == 2 && map[UInt64.max] == 3)
    #expect(map[8] == nil)
    map[0] = nil
    map[0] = nil
    #expect(map.count == 2)
    #expect(map[0] == nil && map[7] == 4 && map[UInt64.max] == 3)
  }

  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
  func agreesWithDictionaryUnderRandomChurn(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    var map = BlockIDMap<UInt64>(placeholder: 0)
    var reference: [UInt64: UInt64] = [:]
    // A small key space forces long probe runs, wrap-around and backward shifts on removal;
    // the multiplier spreads keys so that some share a home slot.
    let keySpace: UInt64 = seed % 2 == 0 ? 300 : 5_000
    for step in 0..<40_000 {
      let key = (random.next() % keySpace) &* (seed % 3 == 0 ? 1 : 0x1_0000_0001)
      switch random.next() % 3 {
      case 0:
        map[key] = nil
        reference[key] = nil
      default:
        map[key] = UInt64(step)
        reference[key] = UInt64(step)
      }
      if step % 997 == 0 {
        for probe in 0..<keySpace {
          let k = probe &* (seed % 3 == 0 ? 1 : 0x1_0000_0001)
          #expect(map[k] == reference[k])
        }
      }
    }
    #expect(map.count == reference.count)
    for (key, value) in reference { #expect(map[key] == value) }
  }
}
