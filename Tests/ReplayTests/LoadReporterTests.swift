import Fleet
import Routing
import SimCore
import Testing
import Workload

@testable import Replay

/// The load reporter alone: reports reach routers after the delay, and in between each router
/// sees only what it sent itself on top of the last report it received.
@Suite struct LoadReporterTests {
  static let one = SimInstant.zero + .seconds(1)
  static let two = SimInstant.zero + .seconds(2)

  /// A batch in which every one of `mu.count` pods reported `mu`.
  static func take(_ reporter: inout LoadReporter, mu: [Double]) -> ReportBatch {
    var batch = reporter.startBatch(pods: mu.count)
    for value in mu {
      batch.reported.append(true)
      batch.mu.append(value)
      batch.waiting.append(0)
      batch.kvUtilization.append(0)
    }
    return batch
  }

  @Test func aDelayedReportReachesTheRoutersOnlyWhenDue() {
    var reporter = LoadReporter(pods: 2, routers: 2, capacityMU: 100, reportDelay: .milliseconds(50))
    let batch = Self.take(&reporter, mu: [7, 3])
    let due = reporter.send(batch, at: Self.one)
    #expect(due == Self.one + .milliseconds(50))
    // In transit: the routers still hold nothing.
    #expect(reporter.views[0][0].reportedMU == 0)
    #expect(reporter.views[1][1].reportedMU == 0)
    _ = reporter.deliverDue()
    #expect(reporter.views[0][0].reportedMU == 7)
    #expect(reporter.views[1][1].reportedMU == 3)
  }

  @Test func eachRouterKeepsWhatItSentSinceTheTakeOnTopOfTheReport() {
    var reporter = LoadReporter(pods: 2, routers: 2, capacityMU: 100, reportDelay: .milliseconds(50))
    reporter.placed(router: 0, pod: 1, tokens: 10, mu: 4, shardLoad: nil)  // before the take: in the report
    let batch = Self.take(&reporter, mu: [0, 4])
    _ = reporter.send(batch, at: Self.one)
    reporter.placed(router: 0, pod: 1, tokens: 10, mu: 2, shardLoad: nil)  // after the take
    #expect(reporter.views[0][1].routedMUSinceReport == 6)
    #expect(reporter.views[1][1].routedMUSinceReport == 0)
    _ = reporter.deliverDue()
    // Router 0's stale view: the report (4) plus its own 2 sent since the take, not 6 twice.
    #expect(reporter.views[0][1].reportedMU == 4)
    #expect(reporter.views[0][1].routedMUSinceReport == 2)
    #expect(reporter.views[0][1].activeRequests == 2)
    // Router 1 never heard of router 0's requests except through the report.
    #expect(reporter.views[1][1].routedMUSinceReport == 0)
    #expect(reporter.views[1][1].activeRequests == 0)
  }

  @Test func aPodThatDidNotReportKeepsItsLastKnownLoad() {
    var reporter = LoadReporter(pods: 2, routers: 1, capacityMU: 100, reportDelay: .zero)
    _ = reporter.send(Self.take(&reporter, mu: [5, 5]), at: Self.one)
    _ = reporter.deliverDue()
    var silent = Self.take(&reporter, mu: [9, 9])
    silent.reported[1] = false
    #expect(reporter.send(silent, at: Self.two) == Self.two)
    _ = reporter.deliverDue()
    #expect(reporter.views[0][0].reportedMU == 9)
    #expect(reporter.views[0][1].reportedMU == 5)
  }

  @Test func shardLoadTravelsWithTheBatchTakenAfterIt() {
    var reporter = LoadReporter(pods: 1, routers: 1, capacityMU: 100, reportDelay: .milliseconds(50))
    reporter.placed(router: 0, pod: 0, tokens: 1, mu: 1, shardLoad: ShardLoad(key: 42, tenant: 0, mu: 1))
    _ = reporter.send(Self.take(&reporter, mu: [1]), at: Self.one)
    reporter.placed(router: 0, pod: 0, tokens: 1, mu: 2, shardLoad: ShardLoad(key: 43, tenant: 0, mu: 2))
    #expect(reporter.deliverDue().map(\.key) == [42])
    #expect(reporter.drainUndeliveredShardLoad().map(\.key) == [43])
    #expect(reporter.drainUndeliveredShardLoad().isEmpty)
  }
}
