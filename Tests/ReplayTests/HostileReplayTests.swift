import Measurements
import Routing
import SimCore
import Testing
import Workload
@testable import Replay

/// Replays of logs and event files built to hurt: each runs to its end with every request
/// accounted for, in bounded memory.
@Suite struct HostileReplayTests {
  static let policies: [RoutingPolicyKind] = [.p2c, .muSubset, .chwbl, .sglangCacheAware, .llmD, .dynamoKV]

  @Test(arguments: policies)
  func aClockThatJumpsByYearsReplaysInBoundedWindows(policy: RoutingPolicyKind) throws {
    var records = try synthRecords(requests: 60, tenants: 2)
    let jump: Int64 = 3 * 365 * 86_400 * 1_000_000_000
    for i in 30..<records.count { records[i].arrivalNanos += jump }
    let run = try replay(records, smallConfiguration(pods: 3), policy: policy)
    #expect(run.completed + run.rejected + run.lost == run.offered)
    #expect(run.completed == 60)
    #expect(run.pods.cells.count <= PodWindowSeries.defaultMaximumWindows)
    #expect(run.pods.widened)
    #expect(run.simulatedDuration.nanoseconds > jump)
  }

  @Test(arguments: policies)
  func anEventsFileThatKillsEveryPodLosesOrRejectsTheRestAndEnds(policy: RoutingPolicyKind) throws {
    let records = try synthRecords(requests: 300, pods: 3, utilization: 0.7)
    let events = (0..<3).map { FleetEvent(time: at(4), kind: .podDown(PodID($0))) }
    let run = try replay(records, smallConfiguration(pods: 3, events: events), policy: policy)
    #expect(run.completed + run.rejected + run.lost == run.offered)
    #expect(run.offered == 300)
    #expect(run.rejected > 0)
    // Nothing completes after the last pod died.
    for (w, row) in run.pods.cells.enumerated() where run.pods.windowStart(w) >= at(10) {
      #expect(row.allSatisfy { $0.completed == 0 })
    }
  }

  @Test func theTokenLimitReplaysAsOversizedNotAsAnOverflow() throws {
    // The largest request a reader accepts: it can never fit in a pod's KV memory, so every
    // policy rejects it as oversized, and the requests around it still run.
    var records = try synthRecords(requests: 20, tenants: 1)
    records[10].inputTokens = TraceRecord.maximumTokens
    records[10].outputTokens = TraceRecord.maximumTokens
    records[10].maxTokens = TraceRecord.maximumTokens
    for policy in Self.policies + [.tokenAware, .muLeast, .prefixAware] {
      let run = try replay(records, smallConfiguration(pods: 2), policy: policy)
      #expect(run.oversized == 1, "\(policy)")
      #expect(run.completed == 19, "\(policy)")
    }
  }
}
