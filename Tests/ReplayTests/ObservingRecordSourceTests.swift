import Fleet
import Measurements
import Routing
import Testing
import Workload
@testable import Replay

@Suite struct ObservingRecordSourceTests {
  static func base() throws -> ReplayConfiguration {
    let profile = try #require(CostProfile.builtIn(named: "llama-3-8b-a100"))
    return ReplayConfiguration(pods: 2, profile: profile, muPerMinute: 100, window: .seconds(10))
  }

  /// Ten requests: even ones on "a", odd ones on "b" except the last two, which have no pod.
  static func records(observed: Bool) -> [TraceRecord] {
    (0..<10).map { (i: Int) -> TraceRecord in
      let pod: String? = i >= 8 ? nil : (i % 2 == 0 ? "a" : "b")
      let status: RequestStatus = i == 3 ? .error : .ok
      let outcome = ObservedOutcome(cachedTokens: 50, pod: pod, ttftMillis: Double(10 * (i + 1)), e2eMillis: 500, status: status)
      return TraceRecord(
        arrivalNanos: Int64(i) * 100_000_000, inputTokens: 100, outputTokens: 10, session: "s\(i % 3)",
        observed: observed ? outcome : nil)
    }
  }

  @Test func theWarmUpIsNotTallied() async throws {
    // Measured from 0.5 s: records 0-4 warm the fleet up and are compared with nothing.
    var configuration = try Self.base()
    configuration.measuredFrom = 500_000_000
    let records = Self.records(observed: true)
    let (runs, observed) = try await ReplayRunner.runObserving(policies: [.p2c], configuration: configuration) {
      ArrayRecordSource(records)
    }
    let tally = try #require(observed)
    #expect(tally.records == 5)
    #expect(tally.records == runs.first?.offered)
    // 5, 7 on b, 6 on a; 8 and 9 have no pod.
    #expect(tally.pods.map(\.requests) == [1, 2])
    #expect(tally.withoutPod == 2)
  }

  @Test func tallyCountsEveryObservedRecordOnce() async throws {
    let configuration = try Self.base()
    let records = Self.records(observed: true)
    let (runs, observed) = try await ReplayRunner.runObserving(policies: [.p2c, .muLeast], configuration: configuration) {
      ArrayRecordSource(records)
    }
    #expect(runs.map(\.policy) == ["p2c", "mu-least"])
    let tally = try #require(observed)
    #expect(tally.records == 10)
    #expect(tally.withoutPod == 2)
    // a: 0, 2, 4, 6; b: 1, 3, 5, 7.
    #expect(tally.pods.map(\.name) == ["a", "b"])
    #expect(tally.pods.map(\.requests) == [4, 4])
    let mu = MUCostModel(profile: configuration.profile, muPerMinute: 100).mu(inputTokens: 100, cachedTokens: 50, outputTokens: 10)
    #expect(abs(tally.pods[0].mu - 4 * mu) < 1e-9)
    #expect(tally.cacheHitRate == 0.5)
    #expect(tally.ttft.count == 10)
    #expect(tally.statusCounts == [9, 1, 0, 0])
  }

  @Test func noObservedFieldsMeansNoTally() async throws {
    let records = Self.records(observed: false)
    let (_, observed) = try await ReplayRunner.runObserving(policies: [.p2c], configuration: try Self.base()) {
      ArrayRecordSource(records)
    }
    #expect(observed == nil)
  }

  @Test func podNamesBeyondTheLimitGoToOther() {
    var tally = ObservedMetrics()
    for i in 0..<(ObservedMetrics.podLimit + 3) {
      tally.record(ObservedOutcome(pod: "p\(i)"), inputTokens: 10, mu: 1)
    }
    #expect(tally.pods.count == ObservedMetrics.podLimit)
    #expect(tally.other.requests == 3)
    #expect(tally.other.mu == 3)
  }
}

@Suite struct ObservedTPOTTests {
  /// The ten records of `ObservingRecordSourceTests`: TTFT 10..100 ms, e2e 500 ms, 10 output
  /// tokens, so TPOT (500 - TTFT) / 9 = 400/9 .. 490/9 ms; the median (5th of 10) is 440/9 ms.
  @Test func observedTPOTComesFromTheLogsOutputTokens() async throws {
    let records = ObservingRecordSourceTests.records(observed: true)
    let (_, observed) = try await ReplayRunner.runObserving(policies: [.p2c], configuration: try ObservingRecordSourceTests.base()) {
      ArrayRecordSource(records)
    }
    let tally = try #require(observed)
    #expect(tally.tpot.count == 10)
    #expect(abs(tally.tpot.summary.p50 / (440.0 / 9) - 1) < 0.001)
    #expect(abs(tally.tpot.summary.max / (490.0 / 9) - 1) < 0.001)
  }

  @Test func noTPOTWithoutBothTimesOrWithOneToken() {
    var tally = ObservedMetrics()
    tally.record(ObservedOutcome(ttftMillis: 10, e2eMillis: 50), inputTokens: 10, outputTokens: 1, mu: 1)
    tally.record(ObservedOutcome(ttftMillis: 10), inputTokens: 10, outputTokens: 5, mu: 1)
    tally.record(ObservedOutcome(ttftMillis: 60, e2eMillis: 50), inputTokens: 10, outputTokens: 5, mu: 1)
    #expect(tally.tpot.count == 0)
    tally.record(ObservedOutcome(ttftMillis: 10, e2eMillis: 50), inputTokens: 10, outputTokens: 5, mu: 1)
    #expect(tally.tpot.count == 1 && abs(tally.tpot.summary.p50 - 10) < 0.01)
  }
}
