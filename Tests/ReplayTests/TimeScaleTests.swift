import Testing
import Workload

@testable import Replay

@Suite struct TimeScaleTests {
  @Test func dividesOffsetsFromTheOrigin() {
    // Origin 1,000 ns, speedup 4: 1,000 -> 1,000; 5,000 -> 1,000 + 4,000 / 4 = 2,000;
    // 1,003 -> 1,000 + floor(3 / 4) = 1,000.
    let scale = TimeScale(speedup: 4, origin: 1_000)
    #expect(scale.apply(1_000) == 1_000)
    #expect(scale.apply(5_000) == 2_000)
    #expect(scale.apply(1_003) == 1_000)
    // Slowing down: speedup 0.5 doubles the offsets.
    #expect(TimeScale(speedup: 0.5, origin: 0).apply(3_000) == 6_000)
    #expect(TimeScale.identity.apply(123_456_789) == 123_456_789)
  }

  @Test func keepsOrderAndEverythingElse() throws {
    // A week of epoch-clock log at 1 s spacing, 100 x denser: spacing 10 ms, order kept.
    let start: Int64 = 1_700_000_000_000_000_000
    let records = (0..<5).map { i in
      TraceRecord(arrivalNanos: start + Int64(i) * 1_000_000_000, inputTokens: 10 + i, outputTokens: 3)
    }
    var source = TimeScaledRecordSource(ArrayRecordSource(records), scale: TimeScale(speedup: 100, origin: start))
    var scaled: [TraceRecord] = []
    while let record = try source.next() { scaled.append(record) }
    #expect(scaled.map(\.arrivalNanos) == (0..<5).map { start + Int64($0) * 10_000_000 })
    #expect(scaled.map(\.inputTokens) == records.map(\.inputTokens))
  }

  @Test func rejectsSenselessFactors() {
    for bad in [0, -2, .infinity, .nan, 1e7] as [Double] {
      #expect(throws: ConfigurationError.self) { try TimeScale.validate(speedup: bad) }
    }
    #expect(throws: Never.self) { try TimeScale.validate(speedup: 50) }
  }
}
