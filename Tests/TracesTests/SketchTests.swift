import Foundation
import SimCore
import Testing

@testable import Traces

/// The bounded-memory sketches behind `inspect`: exact while small, within their documented
/// error past their capacity, fixed in size, deterministic.
@Suite struct SketchTests {
  @Test func distinctSampleIsExactBelowItsCapacity() {
    var sample = DistinctSample(capacity: 16)
    let outcomes = [(5, 4), (7, 4), (5, 9), (9, 2), (7, 1)].map { sample.insert(DistinctSample.mix(UInt64($0.0)), weight: $0.1) }
    #expect(outcomes == [.first, .first, .repeated, .first, .repeated])
    #expect(sample.tableSize == 32)
    // Three ids; first-occurrence weights 4 + 4 + 2.
    #expect(sample.isExact && sample.distinct == 3 && sample.firstWeight == 10)
    #expect(sample.distinctError == 0 && sample.firstWeightError == 0)
  }

  /// Seeded streams of 40,000 distinct ids, repeated 1-4 times, through a sample of 1,024: the
  /// estimates fall within the reported three standard errors, and the table stops at twice the
  /// capacity.
  @Test(arguments: 1...12)
  func distinctSampleStaysWithinItsErrorAndSize(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    var sample = DistinctSample(capacity: 1024)
    let ids = 40_000
    var weightTotal = 0
    for id in 0..<ids {
      let weight = 1 + Int(random.next() % 16)
      weightTotal += weight
      for _ in 0...(random.next() % 4) { _ = sample.insert(DistinctSample.mix(UInt64(id) &* 7919), weight: weight) }
    }
    #expect(!sample.isExact && sample.tableSize == 2048 && sample.kept <= 1024)
    let countError = abs(Double(sample.distinct - ids)) / Double(ids)
    let weightError = abs(Double(sample.firstWeight - weightTotal)) / Double(weightTotal)
    #expect(countError <= sample.distinctError, "count \(sample.distinct) vs \(ids)")
    #expect(weightError <= sample.firstWeightError, "weight \(sample.firstWeight) vs \(weightTotal)")
    // The bound is about 3/sqrt(512..1024): tight enough to mean something.
    #expect(sample.distinctError < 0.14)
  }

  @Test func heavyHittersAreExactBelowTheirCapacity() {
    var summary = HeavyHitters(capacity: 4)
    for (key, weight) in [("a", 3), ("b", 1), ("a", 2), ("c", 7), ("d", 1), ("b", 1)] {
      summary.add(key, weight: weight, other: 1)
    }
    #expect(!summary.replaced && summary.maximumOvercount == 0)
    let totals = Dictionary(uniqueKeysWithValues: summary.counters.map { ($0.key, $0.total) })
    #expect(totals == ["a": 5, "b": 2, "c": 7, "d": 1])
  }

  /// A skewed stream over 5,000 keys through 100 counters: each kept key's total is an upper
  /// bound within its overcount, the overcount is at most the stream's total over the capacity,
  /// and every key heavier than that is kept.
  @Test func heavyHittersBoundTheirOvercount() {
    var random = SplitMix64(seed: 17)
    var summary = HeavyHitters(capacity: 100)
    var truth: [String: Int] = [:]
    for _ in 0..<50_000 {
      // Key k with probability about proportional to 1/(k+1).
      let key = "k\(Int(pow(5_001.0, random.nextUnitDouble())) - 1)"
      let weight = 1 + Int(random.next() % 10)
      truth[key, default: 0] += weight
      summary.add(key, weight: weight, other: 0)
    }
    #expect(summary.replaced && summary.counters.count == 100)
    let bound = summary.streamTotal / 100
    for counter in summary.counters {
      let real = truth[counter.key] ?? 0
      #expect(counter.total >= real && counter.total - real <= counter.overcount, "\(counter.key)")
      #expect(counter.overcount <= bound)
    }
    let kept = Set(summary.counters.map(\.key))
    for (key, total) in truth where total > bound { #expect(kept.contains(key), "\(key) \(total) > \(bound)") }
  }

  @Test func keyUsageSummaryRanksExactlyWhenSmallAndStaysCapped() {
    var small = KeyUsageSummary()
    for (key, tokens) in [("x", 10), ("y", 50), ("x", 10), ("z", 1)] { small.add(key, tokens: tokens) }
    #expect(small.count == 3 && small.countError == 0 && small.rankingsAreExact)
    #expect(small.top(byTokens: false).map(\.key) == ["x", "y", "z"])
    #expect(small.top(byTokens: true).map(\.key) == ["y", "x", "z"])
    #expect(small.top(byTokens: true)[1].usage == LogStatistics.Usage(requests: 2, tokens: 20))

    var large = KeyUsageSummary()
    for index in 0..<(KeyUsageSummary.distinctCapacity * 2) { large.add("key-\(index)", tokens: 1) }
    let footprint = large.footprint
    #expect(footprint.distinctSlots == 2 * KeyUsageSummary.distinctCapacity)
    #expect(footprint.requestKeys == KeyUsageSummary.topCapacity && footprint.tokenKeys == KeyUsageSummary.topCapacity)
    #expect(!large.rankingsAreExact && large.countError > 0)
    let truth = Double(KeyUsageSummary.distinctCapacity * 2)
    #expect(abs(Double(large.count) - truth) / truth <= large.countError)
  }
}
