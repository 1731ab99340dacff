import SimCore
import Testing
import Workload

@testable import Sharding

@Suite struct SliceLoadTrackerTests {
  static let halves = equalSlices([[0], [1]])
  static let quarters = equalSlices([[0], [0], [1], [1]])

  static func seconds(_ value: Double) -> SimInstant { .zero + .seconds(value) }

  @Test func steadyStreamGivesItsRate() {
    // 10 units every 0.1 s in the lower half = 100/s; nothing in the upper half.
    var tracker = SliceLoadTracker(assignment: Self.halves, at: .zero)
    for step in 1...3_000 { tracker.record(key: 42, load: 10, at: Self.seconds(Double(step) / 10)) }
    let rates = tracker.sliceRates(at: Self.seconds(300))
    #expect(abs(rates[0] - 100) < 1)
    #expect(rates[1] == 0)
  }

  @Test func rateHalvesAfterAHalfLifeOfSilence() {
    // After a long steady 100/s, decayed load L ~ 100 * S with S = 120 / ln 2 = 173.12 s. A
    // half-life of silence halves L, and the observed seconds stay ~S: rate ~ 50.
    var tracker = SliceLoadTracker(assignment: Self.halves, at: .zero)
    for step in 1...12_000 { tracker.record(key: 1, load: 10, at: Self.seconds(Double(step) / 10)) }
    let rate = tracker.sliceRates(at: Self.seconds(1_320))[0]
    #expect(abs(rate - 50) < 0.5)
  }

  @Test func nonPositiveLoadIsIgnored() {
    var tracker = SliceLoadTracker(assignment: Self.halves, at: .zero)
    tracker.record(key: 1, load: -5, at: Self.seconds(1))
    tracker.record(key: 1, load: 0, at: Self.seconds(2))
    #expect(tracker.sliceRates(at: Self.seconds(10)) == [0, 0])
  }

  @Test func dominantKeyBecomesASingleKeySlice() {
    // Key 7 gets half the lower half's load among 100 other keys: far above 5 % of its slice
    // and 1 % of the total, so the load map isolates it with ~half the slice rate.
    var tracker = SliceLoadTracker(assignment: Self.halves, at: .zero)
    var random = SplitMix64(seed: 11)
    for step in 1...2_000 {
      let time = Self.seconds(Double(step) / 10)
      tracker.record(key: 7, load: 1, at: time)
      tracker.record(key: 1_000 + random.next() % 100, load: 1, at: time)
    }
    let map = tracker.loadMap(at: Self.seconds(200))
    let hot = map.entries.first { $0.slice == .singleKey(7) }
    let lowerRate = tracker.sliceRates(at: Self.seconds(200))[0]
    #expect(hot != nil)
    #expect(abs((hot?.load ?? 0) - lowerRate / 2) < lowerRate * 0.05)
    #expect(abs(map.totalLoad - lowerRate) < 1e-6 * lowerRate)
  }

  @Test func adoptionCarriesRatesByOverlap() {
    // Halves at 100/s and 300/s; as quarters: 50, 50, 150, 150; back to one slice: 400.
    var tracker = SliceLoadTracker(assignment: Self.halves, at: .zero)
    for step in 1...6_000 {
      let time = Self.seconds(Double(step) / 10)
      tracker.record(key: 5, load: 10, at: time)
      tracker.record(key: .max - 5, load: 30, at: time)
    }
    let now = Self.seconds(600)
    tracker.adopt(Self.quarters, at: now)
    let quarterRates = tracker.sliceRates(at: now)
    for (rate, expected) in zip(quarterRates, [50.0, 50, 150, 150]) { #expect(abs(rate - expected) < 2) }
    tracker.adopt(equalSlices([[0]]), at: now)
    #expect(abs(tracker.sliceRates(at: now)[0] - 400) < 4)
    // The top keys followed: key 5 is still isolated after two adoptions.
    #expect(tracker.loadMap(at: now).entries.contains { $0.slice == .singleKey(5) })
  }
}
