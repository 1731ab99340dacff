import Foundation
import Histogram
import SimCore
import Testing

@testable import Measurements

/// The per-tenant recorder answers exactly what `LatencyRecorder` answers while it is exact, and
/// stays within its bucket budget when it may not grow a full histogram.
@Suite struct CompactLatencyRecorderTests {
  static let percentiles = [0, 0.1, 1, 25, 50, 90, 99, 99.9, 100]

  /// `count` latencies in nanoseconds, log-spread over `decades` from 1 us, with some zeros.
  static func values(_ count: Int, decades: Double, seed: UInt64) -> [Int64] {
    var random = SplitMix64(seed: seed, stream: "latencies")
    return (0..<count).map { _ in
      if random.next() % 50 == 0 { return 0 }
      let micros = pow(10, random.nextUnitDouble() * decades)
      return Int64(micros * 1_000)
    }
  }

  @Test func theLayoutIsTheHistogramsLayout() {
    let reference = Histogram<UInt64>(highestTrackableValue: LatencyRecorder.maxMicros, numberOfSignificantValueDigits: .three)
    var random = SplitMix64(seed: 9, stream: "layout")
    let edges: [UInt64] = [0, 1, 1_023, 1_024, 2_047, 2_048, 2_049, 4_095, 4_096, LatencyRecorder.maxMicros]
    let spread = (0..<5_000).map { _ in UInt64(pow(10, random.nextUnitDouble() * 10.9)) }
    for value in edges + spread {
      let index = HDRLayout.index(of: value)
      #expect(HDRLayout.lowestValue(ofIndex: index) == reference.lowestEquivalentForValue(value), "\(value)")
      #expect(HDRLayout.highestEquivalent(ofIndex: index) == reference.highestEquivalentForValue(value), "\(value)")
    }
  }

  @Test(arguments: [(5, 0.5), (300, 3.0), (3_000, 5.0), (20_000, 7.0)])
  func whileExactItAnswersAsTheFullHistogram(count: Int, decades: Double) {
    for mayGrowDense in [true, false] {
      var full = LatencyRecorder()
      var compact = CompactLatencyRecorder()
      for value in Self.values(count, decades: decades, seed: UInt64(count)) {
        full.record(nanoseconds: value)
        compact.record(nanoseconds: value, mayGrowDense: mayGrowDense)
      }
      #expect(compact.recorded == full.count)
      guard compact.isExact else {
        #expect(!mayGrowDense)
        continue
      }
      for p in Self.percentiles {
        #expect(compact.percentileMillis(p) == full.percentileMillis(p), "p\(p) of \(count), dense allowed: \(mayGrowDense)")
      }
      #expect(compact.meanMillis == full.meanMillis)
      var merged = LatencyRecorder()
      merged.add(compact)
      #expect(merged.summary == full.summary)
    }
  }

  @Test func aRecorderThatMayNotGrowDenseStaysSmallAndClose() {
    var full = LatencyRecorder()
    var compact = CompactLatencyRecorder()
    for value in Self.values(50_000, decades: 6, seed: 4) {
      full.record(nanoseconds: value)
      compact.record(nanoseconds: value, mayGrowDense: false)
    }
    #expect(!compact.isDense)
    #expect(!compact.isExact)
    #expect(compact.contents.buckets.underestimatedCount <= CompactLatencyRecorder.sparseLimit)
    #expect(Array(compact.contents.buckets).count <= CompactLatencyRecorder.sparseLimit)
    // Each group spans 2^shift HDR buckets of 1/1024 of a power of two at most.
    let bound = Double(1 << compact.shift) / 1_024
    for p in [50.0, 90, 99] {
      let exact = full.percentileMillis(p)
      #expect(abs(compact.percentileMillis(p) - exact) <= exact * bound + 0.001, "p\(p)")
    }
    #expect(compact.percentileMillis(100) == full.percentileMillis(100))
    #expect(compact.percentileMillis(0) == full.percentileMillis(0))
    #expect(abs(compact.meanMillis - full.meanMillis) < 1e-9 * full.meanMillis)
  }

  @Test func aBusyRecorderThatMayGrowDenseStaysExact() {
    var full = LatencyRecorder()
    var compact = CompactLatencyRecorder()
    for value in Self.values(20_000, decades: 6, seed: 5) {
      full.record(nanoseconds: value)
      compact.record(nanoseconds: value)
    }
    #expect(compact.isDense)
    #expect(compact.isExact)
    for p in Self.percentiles { #expect(compact.percentileMillis(p) == full.percentileMillis(p)) }
  }

  @Test func clampedValuesAreCounted() {
    var compact = CompactLatencyRecorder()
    compact.record(nanoseconds: Int64(LatencyRecorder.maxMicros + 5) * 1_000, mayGrowDense: false)
    compact.record(nanoseconds: -5, mayGrowDense: false)
    #expect(compact.clamped == 1)
    #expect(compact.percentileMillis(100) == Double(LatencyRecorder.maxMicros) / 1_000)
    #expect(compact.percentileMillis(0) == 0)
  }
}
