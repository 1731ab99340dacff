import SimCore
import Testing
import Workload
@testable import Replay

@Suite struct ReplayEngineWindowTests {
  static let second: Int64 = 1_000_000_000

  /// Replays `records` from `from` to `to` seconds after `warmup` seconds of warm-up.
  func replayWindow(_ records: [TraceRecord], from: Double, to: Double, warmup: Double) throws -> PolicyMetricsSummary {
    let start = try #require(records.first?.arrivalNanos)
    let window = try ReplayWindow(from: .offset(seconds: from), to: .offset(seconds: to), warmupSeconds: warmup)
      .resolve(logStart: start)
    var configuration = try testConfiguration()
    configuration.measuredFrom = window.measureFrom
    configuration.contracts = Contracts(bestEffortMUPerMinute: 1e9)  // admits everything; counts what it saw
    var engine = ReplayEngine(
      source: WindowedRecordSource(ArrayRecordSource(records), window: window), configuration: configuration, policy: .p2c)
    let run = try engine.run()
    let inWindow = records.filter {
      $0.arrivalNanos >= start + Int64(from * 1e9) && $0.arrivalNanos < start + Int64(to * 1e9)
    }
    return PolicyMetricsSummary(
      offered: run.offered, completed: run.completed, rejected: run.rejected, tenantOffered: run.tenants.map(\.offered).reduce(0, +),
      podCompleted: run.pods.cells.flatMap { $0 }.map(\.completed).reduce(0, +), cacheHitRate: run.cacheHitRate,
      admissionOffered: run.admission?.offered ?? -1, inWindow: inWindow.count, firstWindowStart: run.pods.windowStart(0).seconds,
      simulatedSeconds: run.simulatedDuration.seconds)
  }

  struct PolicyMetricsSummary {
    var offered, completed, rejected, tenantOffered, podCompleted: Int
    var cacheHitRate: Double
    var admissionOffered, inWindow: Int
    var firstWindowStart, simulatedSeconds: Double
  }

  @Test func onlyRequestsInsideTheWindowAreCounted() throws {
    let records = try synthRecords(requests: 600, ratePerSecond: 20)  // about 30 s of log
    let s = try replayWindow(records, from: 10, to: 20, warmup: 5)
    #expect(s.inWindow > 0)
    #expect(s.offered == s.inWindow)
    #expect(s.tenantOffered == s.inWindow)
    #expect(s.admissionOffered == s.inWindow)
    #expect(s.completed + s.rejected == s.inWindow)
    #expect(s.podCompleted == s.completed)
    // Sim time starts at the first record read (5 s of warm-up before the window); windows start at the window.
    #expect(abs(s.firstWindowStart - 5) < 0.2)
    #expect(s.simulatedSeconds < 15)
  }

  /// Sessions that keep coming back: with a warm-up their earlier turns are already cached when
  /// the window opens, so the window's hit rate is higher than a cold start on the same window.
  @Test func warmupWarmsTheCache() throws {
    let records = try synthRecords(requests: 600, tenants: 2, ratePerSecond: 20, newSessionProbability: 0.05)
    let cold = try replayWindow(records, from: 15, to: 25, warmup: 0)
    let warm = try replayWindow(records, from: 15, to: 25, warmup: 15)
    #expect(warm.offered == cold.offered)
    #expect(warm.cacheHitRate > cold.cacheHitRate)
  }
}
