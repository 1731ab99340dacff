import Measurements
import Testing
@testable import Reports

@Suite struct ObservedErrorTableTests {
  static func summary(_ p50: Double, _ p90: Double, _ p99: Double, count: Int = 10) -> LatencySummary {
    LatencySummary(count: count, mean: p50, p50: p50, p90: p90, p99: p99, max: p99)
  }

  /// Production: TTFT 100/200/1,000 ms, TPOT 10/20/40, E2E 1,000/2,000/4,000.
  static let observed = ObservedErrorTable.Latencies(
    ttft: summary(100, 200, 1_000), tpot: summary(10, 20, 40), e2e: summary(1_000, 2_000, 4_000))
  /// Within 18%: TTFT 110 (+10%), 200 (0%), 820 (-18%); TPOT 11/20/40; E2E 1,100/2,000/4,400 (+10%).
  static let close = ObservedErrorTable.Latencies(
    ttft: summary(110, 200, 820), tpot: summary(11, 20, 40), e2e: summary(1_100, 2_000, 4_400))
  /// TPOT p99 60 against 40: +50%.
  static let far = ObservedErrorTable.Latencies(
    ttft: summary(100, 200, 1_000), tpot: summary(10, 20, 60), e2e: summary(1_000, 2_000, 4_000))

  @Test func relativeErrorsAreHandComputed() throws {
    let error = try #require(ObservedErrorTable.relativeError(replayed: Self.close.ttft, observed: Self.observed.ttft, \.p99))
    #expect(abs(error - -0.18) < 1e-12)
    #expect(ObservedErrorTable.relativeError(replayed: Self.close.ttft, observed: Self.summary(0, 0, 0), \.p50) == nil)
    #expect(ObservedErrorTable.relativeError(replayed: Self.summary(1, 1, 1, count: 0), observed: Self.observed.ttft, \.p50) == nil)
    let miss = try #require(ObservedErrorTable.largestMiss(Self.far, observed: Self.observed))
    #expect(miss.metric == "TPOT" && miss.percentile == "p99" && abs(miss.error - 0.5) < 1e-12)
  }

  @Test func tableRowsAndTheTrustSentence() {
    let text = ObservedErrorTable.render(observed: Self.observed, replays: [("far", Self.far), ("close", Self.close)])
    #expect(text.contains("| TTFT | observed | 100.0 | 200.0 | 1,000.0 |\n"))
    #expect(text.contains("| TTFT | close (replay) | 110.0 (+10.0%) | 200.0 (+0.0%) | 820.0 (-18.0%) |\n"))
    #expect(text.contains("| TPOT | far (replay) | 10.0 (+0.0%) | 20.0 (+0.0%) | 60.0 (+50.0%) |\n"))
    #expect(text.contains("| E2E | close (replay) | 1,100.0 (+10.0%) | 2,000.0 (+0.0%) | 4,400.0 (+10.0%) |\n"))
    #expect(
      text.contains(
        "How far to trust the replay: the closest one, close, misses no percentile above by more than 18.0%; "
          + "its replayed TTFT p99 is 18.0% below observed.\n"))
  }

  @Test func nothingToCompareSaysSo() {
    let empty = ObservedErrorTable.Latencies(
      ttft: Self.summary(0, 0, 0, count: 0), tpot: Self.summary(0, 0, 0, count: 0), e2e: Self.summary(0, 0, 0, count: 0))
    let text = ObservedErrorTable.render(observed: empty, replays: [("p2c", Self.close)])
    #expect(text.contains("| TTFT | observed | - | - | - |\n"))
    #expect(text.contains("| TTFT | p2c (replay) | 110.0 | 200.0 | 820.0 |\n"))
    #expect(text.contains("No percentile can be compared"))
  }
}
