import Testing

@testable import Sharding

@Suite struct KeySliceTests {
  @Test func widthAndFractionOfHalvesAndFullSpace() {
    let lowerHalf = KeySlice(low: 0, high: 1 << 63)
    let upperHalf = KeySlice.toEnd(from: 1 << 63)
    // 2^63 keys each, half the space; the full space is 2^64 keys.
    #expect(lowerHalf.width == 0x1p63)
    #expect(upperHalf.keySpaceFraction == 0.5)
    #expect(KeySlice.full.width == 0x1p64)
    #expect(KeySlice.full.keySpaceFraction == 1)
  }

  @Test func containsRespectsHalfOpenEndsAndTheTopOfTheSpace() {
    let slice = KeySlice(low: 10, high: 20)
    #expect(slice.contains(10) && slice.contains(19))
    #expect(!slice.contains(9) && !slice.contains(20))
    #expect(KeySlice.toEnd(from: 5).contains(.max))
  }

  @Test func singleKeysIncludingTheLastKey() {
    #expect(KeySlice.singleKey(7) == KeySlice(low: 7, high: 8))
    #expect(KeySlice.singleKey(.max).isToEnd)
    #expect(KeySlice.singleKey(.max).isSingleKey)
    #expect(!KeySlice(low: 7, high: 9).isSingleKey)
  }

  @Test func splitNeedsAKeyStrictlyInside() {
    let slice = KeySlice(low: 10, high: 20)
    #expect(slice.split(at: 10) == nil)
    #expect(slice.split(at: 20) == nil)
    let halves = slice.split(at: 15)
    #expect(halves?.0 == KeySlice(low: 10, high: 15))
    #expect(halves?.1 == KeySlice(low: 15, high: 20))
    #expect(KeySlice.full.split(at: .max)?.1 == .singleKey(.max))
  }

  @Test func intersectionAndJoin() {
    let a = KeySlice(low: 0, high: 100)
    #expect(a.intersection(KeySlice(low: 50, high: 200)) == KeySlice(low: 50, high: 100))
    #expect(a.intersection(KeySlice(low: 100, high: 200)) == nil)
    #expect(KeySlice.full.intersection(.toEnd(from: 9)) == .toEnd(from: 9))
    #expect(a.joined(with: .toEnd(from: 100)) == .full)
  }
}
