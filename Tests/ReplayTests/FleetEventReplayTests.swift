import Measurements
import Routing
import SimCore
import Testing
import Workload
@testable import Replay

@Suite struct FleetEventReplayTests {
  @Test(arguments: [RoutingPolicyKind.p2c, .muSubset])
  func podDownEmptiesThePodAndLoadsTheOthers(policy: RoutingPolicyKind) throws {
    let records = try synthRecords(requests: 400, pods: 4, utilization: 0.7)
    let events = [FleetEvent(time: at(10), kind: .podDown(PodID(2)))]
    var configuration = smallConfiguration(pods: 4, events: events)
    configuration.window = .seconds(5)
    let run = try replay(records, configuration, policy: policy)
    #expect(run.lost > 0)
    #expect(run.completed + run.rejected + run.lost == run.offered)
    // From the window after the crash on, pod 2 carries nothing and completes nothing.
    for (w, row) in run.pods.cells.enumerated() where run.pods.windowStart(w).seconds >= 15 {
      #expect(row[2].muSampleSum == 0)
      #expect(row[2].completed == 0)
    }
    let lastArrival = Double((records.last?.arrivalNanos ?? 0) - (records.first?.arrivalNanos ?? 0)) / 1e9
    #expect(lastArrival > 20, "the windows compared after the crash must exist")
    for pod in [0, 1, 3] {
      let before = run.meanMU(pod: pod, windowsStartingIn: 0..<10)
      let after = run.meanMU(pod: pod, windowsStartingIn: 15..<(lastArrival - 5))
      #expect(after > before, "pod \(pod): \(before) -> \(after)")
    }
    #expect(run.fleet.events == [FleetMetrics.Event(time: at(10), label: "pod 2 down")])
  }

  @Test func subsetPoliciesMoveTheCrashedPodsSlicesAfterTheUnhealthyTimeout() throws {
    let records = try synthRecords(requests: 150, pods: 2, utilization: 0.3)
    let events = [FleetEvent(time: at(5), kind: .podDown(PodID(1)))]
    let run = try replay(records, smallConfiguration(pods: 2, events: events), policy: .muSubset)
    let health = try #require(run.sharding?.generations.first { $0.reason == "health_change" })
    // Dicer's unhealthy timeout is 30 s: the sharder learns at 35 s, a report tick.
    #expect(health.time == at(35))
    #expect(health.slicesMoved > 0)
  }

  @Test func requestsSentToACrashedPodBeforeRoutersKnowAreReroutedOnce() throws {
    // Round robin cycles through every pod, so within the detection delay (one report
    // interval) some request is sent to the dead pod, re-routed, and not lost.
    let records = try synthRecords(requests: 200, pods: 4, utilization: 0.9)
    let events = [FleetEvent(time: at(3), kind: .podDown(PodID(0)))]
    let run = try replay(records, smallConfiguration(pods: 4, events: events), policy: .roundRobin)
    #expect(run.fleet.rerouted > 0)
    #expect(run.completed + run.rejected + run.lost == run.offered)
  }

  @Test func plannedTerminationDrainsWithoutLosingRequests() throws {
    let records = try synthRecords(requests: 300, pods: 4)
    let events = [FleetEvent(time: at(10), kind: .plannedTermination(PodID(3)))]
    var configuration = smallConfiguration(pods: 4, events: events)
    configuration.window = .seconds(5)
    let run = try replay(records, configuration, policy: .muSubset)
    #expect(run.lost == 0)
    #expect(run.fleet.rerouted == 0)
    #expect(run.completed + run.rejected == run.offered)
    let health = try #require(run.sharding?.generations.first { $0.reason == "health_change" })
    #expect(health.time == at(10))
    // The pod finishes what it had, then takes nothing.
    for (w, row) in run.pods.cells.enumerated() where run.pods.windowStart(w).seconds >= 20 {
      #expect(row[3].muSampleSum == 0)
    }
  }

  @Test func podUpOfANewIdGrowsTheFleetAndTakesLoad() throws {
    let records = try synthRecords(requests: 250, pods: 3, utilization: 0.8)
    let events = [FleetEvent(time: at(5), kind: .podUp(PodID(4)))]
    let run = try replay(records, smallConfiguration(pods: 3, events: events), policy: .muLeast)
    #expect(run.pods.podCount == 5)
    let completedOn = { (pod: Int) in run.pods.cells.reduce(0) { $0 + $1[pod].completed } }
    #expect(completedOn(3) == 0)  // created absent, never started
    #expect(completedOn(4) > 0)
    #expect(run.fleet.warmupInputTokens > 0)
  }

  @Test func slowPodStretchesItsRequests() throws {
    let records = try synthRecords(requests: 60, pods: 1, utilization: 0.3)
    let base = try replay(records, smallConfiguration(pods: 1), policy: .roundRobin)
    let events = [FleetEvent(time: at(0), kind: .slowPod(PodID(0), factor: 4))]
    let slow = try replay(records, smallConfiguration(pods: 1, events: events), policy: .roundRobin)
    // Every pass takes 4 times as long; batches grow a little as requests overlap more.
    #expect(slow.tpot.summary.p50 > base.tpot.summary.p50 * 3)
  }

  @Test func eventDrivenAndSteppingPodsAgreeUnderFleetEvents() throws {
    let records = try synthRecords(requests: 80, pods: 2, utilization: 0.7)
    let events = [
      FleetEvent(time: at(1.5), kind: .slowPod(PodID(0), factor: 2.5)),
      FleetEvent(time: at(4), kind: .podDown(PodID(1))),
      FleetEvent(time: at(6), kind: .slowPod(PodID(0), factor: 1)),
      FleetEvent(time: at(7), kind: .podUp(PodID(1))),
    ]
    var fast = smallConfiguration(pods: 2, events: events)
    fast.podMode = .eventDriven
    var slow = fast
    slow.podMode = .stepping
    let a = try replay(records, fast, policy: .p2c)
    let b = try replay(records, slow, policy: .p2c)
    #expect(a.completed == b.completed)
    #expect(a.lost == b.lost)
    #expect(a.ttft.summary == b.ttft.summary)
    #expect(a.e2e.summary == b.e2e.summary)
    #expect(a.cachedTokens == b.cachedTokens)
  }

  @Test func sharderOutageDelaysTheHealthChange() throws {
    let records = try synthRecords(requests: 200, pods: 2, utilization: 0.3)
    let events = [
      FleetEvent(time: at(2), kind: .sharderOutage(duration: .seconds(48))),
      FleetEvent(time: at(5), kind: .podDown(PodID(1))),
    ]
    let run = try replay(records, smallConfiguration(pods: 2, events: events), policy: .muSubset)
    let health = try #require(run.sharding?.generations.first { $0.reason == "health_change" })
    // Known at 35 s, but the sharder is out until 50 s.
    #expect(health.time == at(50))
  }

  @Test func eventsOnUnknownPodsAreRecordedWithoutEffect() throws {
    let records = try synthRecords(requests: 200, pods: 2)
    let events = [FleetEvent(time: at(1), kind: .podDown(PodID(7)))]
    let run = try replay(records, smallConfiguration(pods: 2, events: events), policy: .p2c)
    #expect(run.fleet.events.map(\.label) == ["pod 7 down (no effect)"])
    #expect(run.lost == 0)
  }

  @Test func multiYearGapFinishesInFewTicks() throws {
    // Two bursts of ten requests three years apart: without skipping idle ticks the replay
    // would take ~10^8 report ticks. Day-long windows keep the series small.
    let year: Int64 = 365 * 86_400 * 1_000_000_000
    var records: [TraceRecord] = []
    for i in 0..<10 { records.append(TraceRecord(arrivalNanos: Int64(i) * 100_000_000, inputTokens: 500, outputTokens: 50)) }
    for i in 0..<10 {
      records.append(TraceRecord(arrivalNanos: 3 * year + Int64(i) * 100_000_000, inputTokens: 500, outputTokens: 50))
    }
    var configuration = smallConfiguration(pods: 2)
    configuration.window = .seconds(86_400)
    var engine = ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: .p2c)
    let run = try engine.run()
    #expect(run.completed == 20)
    #expect(run.simulatedDuration.seconds > 3 * 365 * 86_400)
    #expect(engine.fleet.reportTicks < 100)
    // The skipped ticks of the first (partly sampled) day count as zero samples: ticks at
    // 0, 1, ..., 86,399 s, so 86,400 samples per pod.
    #expect(run.pods.cells[0][0].samples == 86_400)
    #expect(run.pods.cells[1][0].samples == 0)
  }
}
