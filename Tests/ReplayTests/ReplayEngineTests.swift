import Fleet
import Measurements
import Routing
import SimCore
import Synth
import Testing
import Workload

@testable import Replay

/// Whole-engine properties on small synthetic logs: every request accounted for, same answer
/// twice, and the fast pod mode agreeing with the stepping reference.
@Suite struct ReplayEngineTests {
  /// A small, loaded log: 4 pods at 90% so that queues, spills and evictions happen.
  static func log(requests: Int = 400, seed: UInt64 = 3) throws -> [TraceRecord] {
    var generator = try SynthGenerator(
      configuration: SynthConfiguration(
        requests: requests, seed: seed, blockSize: 64, load: .fleet(pods: 4, utilization: 0.9)))
    var records: [TraceRecord] = []
    while let record = generator.next() { records.append(record) }
    return records
  }

  static func replay(
    _ records: [TraceRecord], policy: RoutingPolicyKind, mode: PodSimulationMode = .eventDriven,
    routers: Int = 1
  ) throws -> PolicyMetrics {
    let configuration = ReplayConfiguration(
      pods: 4, profile: .llama3_8B_A100, routers: routers, podMode: mode)
    var engine = ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: policy)
    return try engine.run()
  }

  /// The numbers a report is made of, for comparing two runs exactly.
  static func fingerprint(_ m: PolicyMetrics) -> [String] {
    [
      "\(m.offered) \(m.completed) \(m.rejected) \(m.spilled) \(m.lost) \(m.held) \(m.oversized)",
      "\(m.inputTokens) \(m.cachedTokens) \(m.outputTokens) \(m.completedMU) \(m.preemptions)",
      "\(m.ttft.summary) \(m.tpot.summary) \(m.e2e.summary) \(m.queueing.summary)",
      "\(m.simulatedDuration.nanoseconds) \(m.spillsPerWindow)",
    ]
  }

  @Test(arguments: RoutingPolicyKind.allCases)
  func everyOfferedRequestIsCompletedRejectedOrLost(policy: RoutingPolicyKind) throws {
    let records = try Self.log()
    let metrics = try Self.replay(records, policy: policy, routers: 2)
    #expect(metrics.offered == records.count)
    #expect(metrics.completed + metrics.rejected + metrics.lost == metrics.offered)
    #expect(metrics.ttft.count == metrics.completed)
    #expect(metrics.cachedTokens <= metrics.inputTokens)
    // Output tokens are counted per completed request, so they add up to the log's only when
    // nothing was rejected or lost; otherwise they fall short by at least one token a request.
    let logged = records.reduce(0) { $0 + max(1, $1.outputTokens) }
    if metrics.rejected + metrics.lost == 0 {
      #expect(metrics.outputTokens == logged)
    } else {
      #expect(metrics.outputTokens <= logged - (metrics.rejected + metrics.lost))
    }
  }

  @Test(arguments: [RoutingPolicyKind.p2c, .muSubset, .sglangCacheAware])
  func theSameInputGivesTheSameNumbers(policy: RoutingPolicyKind) throws {
    let records = try Self.log()
    let first = try Self.replay(records, policy: policy, routers: 2)
    let second = try Self.replay(records, policy: policy, routers: 2)
    #expect(Self.fingerprint(first) == Self.fingerprint(second))
  }

  @Test(arguments: [RoutingPolicyKind.roundRobin, .muLeast, .muSubset])
  func eventDrivenPodsMatchTheSteppingReference(policy: RoutingPolicyKind) throws {
    // Routing decisions read pod loads, so a difference in any pod's timing would show up
    // downstream in every number; equal fingerprints mean the whole replay agrees.
    let records = try Self.log(requests: 150)
    let fast = try Self.replay(records, policy: policy, mode: .eventDriven)
    let reference = try Self.replay(records, policy: policy, mode: .stepping)
    #expect(fast.completed == reference.completed)
    #expect(fast.cachedTokens == reference.cachedTokens)
    #expect(abs(fast.ttft.percentileMillis(99) - reference.ttft.percentileMillis(99)) < 0.5)
    #expect(abs(fast.e2e.meanMillis - reference.e2e.meanMillis) < 0.5)
  }

  @Test func spilledRequestsAreAccountedWhenTheyComplete() throws {
    // A loaded fleet with subsets of one pod spills; every spilled request that completes is
    // counted with its tokens (the report prices the cache hit they lost from these).
    var configuration = ReplayConfiguration(pods: 4, profile: .llama3_8B_A100)
    configuration.sharding.minReplicas = 1
    configuration.sharding.maxReplicas = 1
    var engine = ReplayEngine(source: ArrayRecordSource(try Self.log()), configuration: configuration, policy: .muSubset)
    let metrics = try engine.run()
    #expect(metrics.spilled > 0)
    #expect(metrics.spilledCompleted > 0 && metrics.spilledCompleted <= metrics.spilled)
    #expect(metrics.spilledInputTokens > 0 && metrics.spilledInputTokens <= metrics.inputTokens)
    #expect(metrics.spilledCachedTokens <= metrics.spilledInputTokens)
  }

  @Test func aDifferentSeedChangesRandomisedPolicies() throws {
    let records = try Self.log()
    var configuration = ReplayConfiguration(pods: 4, profile: .llama3_8B_A100)
    var one = ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: .random)
    configuration.seed = 99
    var two = ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: .random)
    #expect(Self.fingerprint(try one.run()) != Self.fingerprint(try two.run()))
  }
}
