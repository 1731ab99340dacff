import Fleet
import Replay
import SimCore
import Synth
import Testing
import Workload

/// Seeded synthetic logs replayed through small fleets of pods whose KV memory is tight enough
/// to evict and preempt, summarised as a digest of every completion and every pod counter.
///
/// The digests were first recorded with the per-block prefix cache (kept as
/// `ReferencePrefixCache` in FleetTests) and the span-based cache reproduced them exactly. They
/// were re-recorded once since, on purpose, when passes that mix prefill and decode began to pay
/// the weight-read floor once and pods began to admit by `max_tokens` (both change timelines,
/// not the cache); `PrefixCacheReferenceTests` still compares the two caches step by step.
@Suite struct PrefixCacheReplayDigestTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var logBlockTokens: Int
    var podBlockTokens: Int
    var kvBlocks: Int
    var seed: UInt64
    var expected: UInt64
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "16-token log blocks on 16-token pods", logBlockTokens: 16, podBlockTokens: 16, kvBlocks: 400, seed: 11, expected: 14686640381319455742),
    Case(name: "64-token log blocks on 16-token pods", logBlockTokens: 64, podBlockTokens: 16, kvBlocks: 400, seed: 12, expected: 929410922919608866),
    Case(name: "24-token log blocks on 16-token pods", logBlockTokens: 24, podBlockTokens: 16, kvBlocks: 300, seed: 13, expected: 1492882070531703077),
    Case(name: "8-token log blocks on 16-token pods", logBlockTokens: 8, podBlockTokens: 16, kvBlocks: 300, seed: 14, expected: 9001392294202540671),
    Case(name: "16-token log blocks, ample memory", logBlockTokens: 16, podBlockTokens: 16, kvBlocks: 5_000, seed: 15, expected: 18133552191788246699),
  ]

  @Test(arguments: cases)
  func replayMatchesTheRecordedDigest(_ testCase: Case) throws {
    let outcome = try Self.replay(testCase)
    // The workload must exercise what the digest protects.
    #expect(outcome.statistics.hitBlocks > 0)
    if testCase.kvBlocks < 1_000 { #expect(outcome.statistics.evictedEntries > 0) }
    #expect(outcome.digest == testCase.expected, "digest \(outcome.digest)")
  }

  /// Replays the case's log through four pods: each session sticks to a pod, one request in
  /// five goes elsewhere, so pods see both long shared chains and partial matches.
  static func replay(_ testCase: Case) throws -> (digest: UInt64, statistics: PodStatistics) {
    let prompts = PromptModel(
      systemPromptTokens: Lognormal(median: 120, sigma: 0.4), firstMessageTokens: Lognormal(median: 90, sigma: 0.8),
      followUpMessageTokens: Lognormal(median: 40, sigma: 0.8), outputTokens: Lognormal(median: 20, sigma: 0.6),
      maxTokens: 96, contextLimit: 2_048)
    let configuration = SynthConfiguration(
      requests: 1_200, seed: testCase.seed, blockSize: testCase.logBlockTokens, load: .requestsPerSecond(40),
      tenants: TenantMix(count: 6, zipfExponent: 0.8), prompts: prompts, rate: .flat)
    var generator = try SynthGenerator(configuration: configuration)
    let profile = CostProfile(
      name: "digest", fixedMillis: 5, prefillTokenMillis: 0.05, decodeFixedMillis: 8, decodeRequestMillis: 0.1,
      decodeContextMillis: 1e-4, kvCapacityBlocks: testCase.kvBlocks, blockTokens: testCase.podBlockTokens,
      maxRunningRequests: 24, prefillTokenBudget: 512)
    let podCount = 4
    var pods = (0..<podCount).map { Pod(id: PodID($0), profile: profile) }
    var completed: [CompletedRequest] = []
    var digest: UInt64 = 0
    var sequence = 0
    var pending = generator.next()
    while true {
      let arrival = pending.map { SimInstant(nanoseconds: $0.arrivalNanos) }
      var now = arrival
      for pod in pods { if let t = pod.nextEventTime, now == nil || t < now! { now = t } }
      guard let now else { break }
      for index in pods.indices where pods[index].nextEventTime.map({ $0 <= now }) ?? false {
        pods[index].advance(to: now, into: &completed)
      }
      for request in completed {
        digest = fold(
          digest,
          [
            UInt64(request.id), UInt64(request.firstScheduled.nanoseconds), UInt64(request.firstToken.nanoseconds),
            UInt64(request.completion.nanoseconds), UInt64(request.cachedTokens), UInt64(request.preemptions),
          ])
      }
      completed.removeAll()
      guard let record = pending, arrival == now else { continue }
      let session = StableHash.hash(record.session ?? "")
      let target = sequence % 5 == 4 ? Int(StableHash.mix(UInt64(sequence)) % UInt64(podCount)) : Int(session % UInt64(podCount))
      pods[target].advance(to: now, into: &completed)
      pods[target].admit(
        PodRequest(
          id: sequence, arrival: now, inputTokens: record.inputTokens, outputTokens: record.outputTokens,
          prefixBlocks: PrefixChain.chain(record.prefixBlocks), blockTokens: record.blockSize ?? 0),
        at: now)
      sequence += 1
      pending = generator.next()
    }
    var total = PodStatistics()
    for pod in pods {
      let s = pod.statistics
      digest = fold(
        digest,
        [
          UInt64(s.hitTokens), UInt64(s.missTokens), UInt64(s.hitBlocks), UInt64(s.missBlocks), UInt64(s.evictedBlocks),
          UInt64(s.evictedEntries), UInt64(s.preemptions), UInt64(s.rejectedOversized), UInt64(s.busyTime.nanoseconds),
          UInt64(s.iterations), UInt64(s.completed),
        ])
      total.hitBlocks += s.hitBlocks
      total.evictedEntries += s.evictedEntries
    }
    return (digest, total)
  }

  static func fold(_ digest: UInt64, _ words: [UInt64]) -> UInt64 {
    var h = digest
    for word in words { h = StableHash.combine(h, word) }
    return h
  }
}
