import Fleet
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

  @Test func aProfileAtEveryLimitIsRefusedForItsLongestPass() {
    // Regression (fuzzing `--profile`): coefficients of 10^6 ms and limits of 2^30 made passes
    // past the picosecond clock, which wrapped and then trapped.
    let profile = CostProfile(
      name: "every-limit", fixedMillis: 999_999, prefillTokenMillis: 999_999, prefillAttentionMillis: 999_999,
      prefillContextMillis: 999_999, decodeFixedMillis: 999_999, decodeRequestMillis: 999_999,
      decodeContextMillis: 999_999, kvCapacityBlocks: 1 << 30, blockTokens: CostProfile.maximumBlockTokens,
      maxRunningRequests: 1 << 30, prefillTokenBudget: 1 << 30, operatingBatch: 1 << 30)
    #expect(profile.firstInvalidField()?.field == "prefillTokenBudget")
    #expect(profile.firstInvalidField()?.reason.contains("keep it within 600 s") == true)
  }

  @Test func theSlowestAcceptedProfileReplaysOnPodsSlowedAThousandfold() throws {
    // Passes of up to 45 s (8.2 s of prefill budget, 10 s + 256 x 100 ms of decode), slowed
    // 1000x: up to half a day a pass, so each pod runs for more than the 106 days a picosecond count can hold without idling. Its clock is rebased
    // past 2^61 ps and its decode runs are cut to 2^60 ps; every request completes.
    let profile = CostProfile(
      name: "slowest", fixedMillis: 1_000, prefillTokenMillis: 1, decodeFixedMillis: 10_000,
      decodeRequestMillis: 100, kvCapacityBlocks: 8_000, maxRunningRequests: 256)
    #expect(profile.longestPassMillis < CostProfile.longestPassLimitMillis)
    #expect(profile.firstInvalidField() == nil)
    var records = try synthRecords(requests: 40, tenants: 2)
    for i in records.indices {
      records[i].outputTokens = 1_500
      records[i].maxTokens = 1_500
    }
    let slow = (0..<2).map { FleetEvent(time: at(0), kind: .slowPod(PodID($0), factor: 1_000)) }
    var configuration = smallConfiguration(pods: 2, events: slow)
    configuration.profile = profile
    // Load reports hourly: a report a second for months of simulated time is most of the run.
    configuration.reportInterval = .seconds(3_600)
    configuration.window = .seconds(86_400)
    for policy in [RoutingPolicyKind.p2c, .muSubset] {
      let run = try replay(records, configuration, policy: policy)
      #expect(run.completed == 40, "\(policy)")
      #expect(run.completed + run.rejected + run.lost == run.offered)
      #expect(run.simulatedDuration.seconds > 107 * 86_400, "\(policy): \(run.simulatedDuration.seconds) s")
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
