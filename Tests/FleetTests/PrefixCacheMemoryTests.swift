import Testing

@testable import Fleet

/// The prefix cache's memory follows what it holds, not the pod's KV capacity: at 512 pods with
/// 16-token blocks the caches are most of a replay's memory (issue 17).
@Suite struct PrefixCacheMemoryTests {
  /// A pod's cache starts with a small index whatever its capacity (it was sized from
  /// `kvCapacityBlocks`: 8,192 slots for the default profile's 28,693 blocks).
  @Test func indexStartsSmallAndGrowsWithTheNodes() {
    var cache = PrefixCache(capacityBlocks: 28_693)
    #expect(cache.reservedFootprint.indexSlots == 128)
    // 300 chains of one entry each: 300 nodes, so the index doubles to at least 600 slots.
    for key in 1...300 {
      var growth = PrefixCache.Extension(held: -1)
      #expect(cache.register(&growth, key: UInt64(key) &* 0x9E37_79B9_7F4A_7C15, blocks: 1))
      cache.release(cache.finish(growth))
    }
    #expect(cache.reservedFootprint.indexSlots == 1_024)
  }

  /// A chain of 100 entries published by one request grows its node by appends (the array
  /// doubles to 128); released, the node keeps at most an eighth of spare room.
  @Test func releasedNodesGiveBackSpareCapacity() {
    var cache = PrefixCache(capacityBlocks: 1_000)
    var growth = PrefixCache.Extension(held: -1)
    for key in 1...100 { #expect(cache.register(&growth, key: UInt64(key), blocks: 1)) }
    let held = cache.finish(growth)
    #expect(cache.reservedFootprint.spareEntries > 12)
    cache.release(held)
    #expect(cache.reservedFootprint.spareEntries <= 12)
    // Evicting part of an unused node trims it again: 70 entries left, at most 8 spare.
    #expect(cache.evict(atLeast: 30) == (30, 30))
    #expect(cache.reservedFootprint.spareEntries <= 8)
    #expect(cache.recount().entries == 70)
  }

  @Test func entriesPackIntoTwelveBytes() {
    #expect(MemoryLayout<PrefixCache.Entry>.stride == 12)
    let entry = PrefixCache.Entry(key: 0xFEDC_BA98_7654_3210, blocks: 7)
    #expect(entry.key == 0xFEDC_BA98_7654_3210 && entry.blocks == 7)
  }
}
