import Fleet
import Foundation
import SimCore
import Testing
import Workload

/// Seeded random logs with multi-turn sessions (shared chained prefixes), varied sizes and tight
/// KV memory must give identical per-request results in `.eventDriven` and `.stepping` modes.
@Suite struct PodEquivalenceTests {
  struct Scenario: Sendable, CustomStringConvertible {
    var seed: UInt64
    var kvBlocks: Int
    var maxRunning: Int
    var budget: Int
    var meanGapMillis: Double
    /// Tokens per log prefix block: a multiple of the pod's 16, smaller, or unaligned.
    var logBlock = 32
    var slowdown = false
    var scheduler = PodScheduler.chunked
    var description: String {
      "seed \(seed), \(kvBlocks) blocks, cap \(maxRunning), budget \(budget), log block \(logBlock), \(scheduler.rawValue)"
    }
  }

  static let scenarios = [
    Scenario(seed: 1, kvBlocks: 260, maxRunning: 24, budget: 256, meanGapMillis: 15),
    Scenario(seed: 2, kvBlocks: 600, maxRunning: 64, budget: 512, meanGapMillis: 8),
    Scenario(seed: 3, kvBlocks: 5000, maxRunning: 16, budget: 2048, meanGapMillis: 30),
    Scenario(seed: 4, kvBlocks: 200, maxRunning: 256, budget: 128, meanGapMillis: 40),
    Scenario(seed: 5, kvBlocks: 3000, maxRunning: 256, budget: 8192, meanGapMillis: 150),
    Scenario(seed: 6, kvBlocks: 150, maxRunning: 32, budget: 512, meanGapMillis: 20, logBlock: 8, slowdown: true),
    Scenario(seed: 7, kvBlocks: 700, maxRunning: 48, budget: 1024, meanGapMillis: 25, logBlock: 24, slowdown: true),
    Scenario(seed: 8, kvBlocks: 260, maxRunning: 24, budget: 256, meanGapMillis: 15, scheduler: .prefillFirst),
    Scenario(seed: 9, kvBlocks: 3000, maxRunning: 64, budget: 2048, meanGapMillis: 10, slowdown: true, scheduler: .prefillFirst),
  ]

  static func profile(_ s: Scenario) -> CostProfile {
    CostProfile(
      name: "property", fixedMillis: 2, prefillTokenMillis: 0.05, prefillAttentionMillis: 1e-5,
      prefillContextMillis: 0.001, decodeFixedMillis: 3, decodeRequestMillis: 0.1, decodeContextMillis: 0.0005,
      kvCapacityBlocks: s.kvBlocks, blockTokens: 16, maxRunningRequests: s.maxRunning, prefillTokenBudget: s.budget,
      scheduler: s.scheduler)
  }

  /// A few hundred requests: half are follow-up turns that extend an earlier prompt of their
  /// session, the rest start from one of three shared system prompts.
  static func workload(_ s: Scenario, count: Int = 300) -> [PodRequest] {
    var random = SplitMix64(seed: s.seed, stream: "pod-equivalence")
    let logBlock = s.logBlock
    var sessions: [[UInt64]] = []
    let systemPrompts: [[UInt64]] = (0..<3).map { p in [UInt64(1000 + p), StableHash.combine(UInt64(1000 + p), 1)] }
    var time = 0.0
    var requests: [PodRequest] = []
    for id in 0..<count {
      time += -log(1 - random.nextUnitDouble()) * s.meanGapMillis
      var chain: [UInt64]
      let sessionIndex: Int
      if !sessions.isEmpty && random.nextUnitDouble() < 0.5 {
        sessionIndex = Int(random.next() % UInt64(sessions.count))
        chain = sessions[sessionIndex]
      } else {
        sessionIndex = sessions.count
        chain = systemPrompts[Int(random.next() % 3)]
        sessions.append(chain)
      }
      let added = 1 + Int(random.next() % 12)
      for _ in 0..<added { chain.append(StableHash.combine(chain.last ?? 0, random.next())) }
      if chain.count * logBlock > 1300 { chain = Array(chain.prefix(1300 / logBlock)) }
      sessions[sessionIndex] = chain
      let input = chain.count * logBlock + Int(random.next() % UInt64(logBlock))
      let output = random.nextUnitDouble() < 0.1 ? 0 : 1 + Int(-log(1 - random.nextUnitDouble()) * 60) % 400
      requests.append(
        PodRequest(
          id: id, arrival: SimInstant(nanoseconds: Int64(time * 1e6)), inputTokens: input, outputTokens: output,
          prefixBlocks: chain, blockTokens: logBlock, estimatedMU: Double(input) / 1000 + Double(output) / 100,
          // Most requests carry a prediction that is often too short, so decoders re-predict.
          predictedOutputTokens: id % 5 == 0 ? nil : 1 + (id * 37) % 90))
    }
    return requests
  }

  @Test(arguments: scenarios)
  func eventDrivenMatchesStepping(scenario: Scenario) throws {
    let requests = Self.workload(scenario)
    let profile = Self.profile(scenario)
    let probes = stride(from: 0, to: 60_000, by: 97).map { ms(Double($0)) }
    let slowdowns: [(SimInstant, Double)] = scenario.slowdown ? [(ms(700.5), 2.5), (ms(2900), 0.8), (ms(4100), 1)] : []
    let fast = drive(requests, profile: profile, mode: .eventDriven, probes: probes, slowdowns: slowdowns)
    let slow = drive(requests, profile: profile, mode: .stepping, probes: probes, slowdowns: slowdowns)
    #expect(fast.completed.count + fast.pod.statistics.rejectedOversized == requests.count)
    #expect(fast.completed == slow.completed)
    let a = fast.pod.statistics
    let b = slow.pod.statistics
    #expect(a.iterations == b.iterations && a.busyTime == b.busyTime && a.preemptions == b.preemptions)
    #expect(a.hitTokens == b.hitTokens && a.evictedBlocks == b.evictedBlocks && a.missBlocks == b.missBlocks)
    #expect(b.composedIterations == b.iterations)
    #expect(a.repredictions == b.repredictions && a.repredictions > 0)
    for (x, y) in zip(fast.loads, slow.loads) {
      #expect(x.running == y.running && x.waiting == y.waiting && x.kvUsedBlocks == y.kvUsedBlocks)
      #expect(abs(x.inFlightMU - y.inFlightMU) < 1e-9)
    }
    // The workload must exercise what it is meant to.
    #expect(a.hitTokens > 0)
    if scenario.kvBlocks <= 600 { #expect(a.preemptions > 0 && a.evictedBlocks > 0) }
    print(
      "equivalence \(scenario): \(requests.count) requests, \(a.iterations) passes, event-driven composed \(a.composedIterations)"
        + " (\(a.iterations - a.composedIterations) skipped), preemptions \(a.preemptions), hit rate \(a.hitRate)")
  }
}
