import Fleet
import Measurements
import Routing
import SimCore
import Testing
import Workload

@testable import Replay

/// The metrics recorder alone: one window rule, applied by arrival, for every kind of event.
@Suite struct MetricsRecorderTests {
  static let second: Int64 = 1_000_000_000

  /// A recorder whose window opens 10 s after a log origin at 100 s.
  static func recorder() -> MetricsRecorder {
    var recorder = MetricsRecorder(metrics: PolicyMetrics(policy: "test", podCount: 2, window: .seconds(60)))
    recorder.startMeasuring(origin: 100 * second, from: 110 * second)
    return recorder
  }

  static func route(arrivingAt seconds: Int64, tenant: Int = 0) -> RouteRequest {
    RouteRequest(
      sequence: 0, arrival: SimInstant(nanoseconds: seconds * second), inputTokens: 100, predictedOutputTokens: 10,
      estimatedMU: 2, tenant: tenant)
  }

  @Test func theWindowOpensAtMeasuredFromOnTheReplayClock() {
    let recorder = Self.recorder()
    #expect(recorder.measuredFrom == SimInstant(nanoseconds: 10 * Self.second))
    #expect(!recorder.isMeasured(SimInstant(nanoseconds: 10 * Self.second - 1)))
    #expect(recorder.isMeasured(SimInstant(nanoseconds: 10 * Self.second)))
  }

  @Test func aMeasuredFromBeforeTheOriginMeasuresEverything() {
    var recorder = MetricsRecorder(metrics: PolicyMetrics(policy: "test", podCount: 1, window: .seconds(60)))
    recorder.startMeasuring(origin: 100 * Self.second, from: 50 * Self.second)
    #expect(recorder.isMeasured(.zero))
  }

  @Test func warmUpRequestsAreLeftOutOfEveryCount() {
    var recorder = Self.recorder()
    let early = Self.route(arrivingAt: 5, tenant: 1)
    let late = Self.route(arrivingAt: 15, tenant: 1)
    for route in [early, late] {
      recorder.offered(tenant: route.tenant, at: route.arrival)
      recorder.arrived(route)
      recorder.rejected(route)
      recorder.oversized(arrival: route.arrival)
      recorder.spilled(route, tenantName: "t", subset: [], pod: nil, reason: .subsetAboveCapacity, at: route.arrival)
    }
    #expect(recorder.metrics.offered == 1)
    #expect(recorder.metrics.rejected == 1)
    #expect(recorder.metrics.oversized == 1)
    #expect(recorder.metrics.spillRecords.count == 1)
    #expect(recorder.tenantMetrics[1].offered == 1)
    #expect(recorder.tenantMetrics[1].rejected == 1)
    #expect(recorder.tenantMetrics[1].spilled == 1)
  }

  @Test func aLostWarmUpRequestIsCountedApart() {
    var recorder = Self.recorder()
    recorder.lost(Self.route(arrivingAt: 5))
    recorder.lost(Self.route(arrivingAt: 15))
    recorder.lost(Self.route(arrivingAt: 16))
    #expect(recorder.metrics.lost == 2)
    #expect(recorder.metrics.warmupLost == 1)
  }

  @Test func aFinishedRequestCountsByItsArrivalNotItsCompletion() {
    var recorder = Self.recorder()
    // Arrived in the warm-up, finished inside the window: not measured.
    let done = CompletedRequest(
      id: 0, arrival: SimInstant(nanoseconds: 5 * Self.second), firstScheduled: SimInstant(nanoseconds: 12 * Self.second),
      firstToken: SimInstant(nanoseconds: 12 * Self.second), completion: SimInstant(nanoseconds: 13 * Self.second),
      cachedTokens: 0, preemptions: 0, outputTokens: 10)
    recorder.finished(Self.route(arrivingAt: 5), outputTokens: 10, spilled: true, placement: .moved, done, pod: PodID(0), mu: 2)
    #expect(recorder.tenantMetrics[0].completed == 0)
    #expect(recorder.metrics.spilledCompleted == 0)
    var measured = done
    measured.arrival = SimInstant(nanoseconds: 11 * Self.second)
    recorder.finished(
      Self.route(arrivingAt: 11), outputTokens: 10, spilled: true, placement: .moved, measured, pod: PodID(0), mu: 2)
    #expect(recorder.tenantMetrics[0].completed == 1)
    #expect(recorder.metrics.spilledCompleted == 1)
    #expect(recorder.metrics.movedCompleted == 1)
  }
}
