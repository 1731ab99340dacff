import Testing

@testable import Sharding

@Suite struct LoadMapTests {
  let halves = LoadMap(entries: [
    .init(slice: KeySlice(low: 0, high: 1 << 63), load: 10), .init(slice: .toEnd(from: 1 << 63), load: 30),
  ])

  @Test func loadIsApportionedByWidth() {
    // [2^62, 2^63 + 2^62) takes half of each entry: 10 * 0.5 + 30 * 0.5 = 20.
    #expect(halves.load(of: KeySlice(low: 1 << 62, high: (1 << 63) + (1 << 62))) == 20)
    #expect(halves.load(of: .full) == 40)
    #expect(halves.totalLoad == 40)
  }

  @Test func uniformReservationIsSpreadByWidth() {
    // +100 spread over two halves: +50 each, so 60 and 80.
    let adjusted = halves.withAddedUniformLoad(100)
    #expect(adjusted.entries.map(\.load) == [60, 80])
  }

  @Test func splitOfUniformLoadIsProportional() {
    // Uniform 100 over the space: a prefix of 25 ends at a quarter, key 2^62.
    let split = LoadMap.uniform(total: 100).split(.full, prefixLoad: 25)
    #expect(split.key == 1 << 62)
    #expect(split.prefixLoad == 25)
  }

  @Test func splitCrossesEntries() {
    // Prefix 20 = all of the first entry (10) plus a third of the second (30 / 3 = 10):
    // 2^63 + 2^63 / 3 = 0x8000...0 + 0x2AAA...AB, up to Double rounding of the offset.
    let split = halves.split(.full, prefixLoad: 20)
    let exact: UInt64 = (1 << 63) + 0x2AAA_AAAA_AAAA_AAAB
    let key = split.key ?? 0
    #expect((key > exact ? key - exact : exact - key) < 4096)
    #expect(abs(split.prefixLoad - 20) < 1e-9)
  }

  @Test func hotKeysAreCarvedOutOfTheirSlice() {
    // Slice [0, 100) carries 10 of which key 10 carries 4: the other 99 keys share 6.
    let map = LoadMap(
      slices: [KeySlice(low: 0, high: 100), .toEnd(from: 100)], loads: [10, 0], hotKeys: [.init(key: 10, load: 4)])
    #expect(
      map.entries.map(\.slice) == [
        KeySlice(low: 0, high: 10), .singleKey(10), KeySlice(low: 11, high: 100), .toEnd(from: 100),
      ])
    #expect(abs(map.entries[0].load - 6 * 10 / 99) < 1e-12)
    #expect(map.entries[1].load == 4)
    #expect(abs(map.entries[2].load - 6 * 89 / 99) < 1e-12)
  }

  @Test func invalidLoadsCountAsZeroAndHotKeysAreSorted() {
    let map = LoadMap(
      slices: [KeySlice(low: 0, high: 100), .toEnd(from: 100)], loads: [-3, .nan],
      hotKeys: [.init(key: 50, load: 1), .init(key: 20, load: 1)])
    #expect(map.totalLoad == 0)
    #expect(map.entries.filter(\.slice.isSingleKey).map(\.slice.low) == [20, 50])
  }

  @Test func aLoneHotKeyIsIsolatedByTwoHalvings() {
    // Only key 1000 has load (8). Halving [0, 2000): including it (|4 - 8| = 4) ties with
    // excluding it (|4| = 4) and it does not open the slice, so it goes to the suffix: cut at
    // 1000. Halving [1000, 2000): now it opens the slice, so it joins the prefix: cut at 1001.
    let map = LoadMap(
      slices: [KeySlice(low: 0, high: 2000), .toEnd(from: 2000)], loads: [8, 0], hotKeys: [.init(key: 1000, load: 8)])
    #expect(map.split(KeySlice(low: 0, high: 2000), prefixLoad: 4) == .init(key: 1000, prefixLoad: 0))
    #expect(map.split(KeySlice(low: 1000, high: 2000), prefixLoad: 4) == .init(key: 1001, prefixLoad: 8))
  }

  @Test func midpointFallsBackToWidthForZeroLoad() {
    // No load: the width midpoint of [0, 10) is 0 + 9 / 2 + 1 = 5.
    #expect(LoadMap().midpointSplitKey(of: KeySlice(low: 0, high: 10), load: 0) == 5)
    #expect(LoadMap().midpointSplitKey(of: .singleKey(3), load: 0) == nil)
  }
}
