import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct LLMDPolicyTests {
  @Test func weightedScoresPickTheMaximum() {
    // Hits [2, 0, 1]; queues q = waiting + active = [5, 1, 3]; KV [0.5, 0.2, 0.9].
    // Prefix (h - 0) / 2 = [1, 0, 0.5]; queue (5 - q) / 4 = [0, 1, 0.5]; KV 1 - u = [0.5, 0.8, 0.1].
    // Pod 0: 3 * 1 + 2 * 0 + 0.5 = 3.5; pod 1: 0 + 2 + 0.8 = 2.8; pod 2: 1.5 + 1 + 0.1 = 2.6.
    var policy = LLMDPolicy()
    policy.index.insert([1, 2], on: 0)
    policy.index.insert([1], on: 2)
    let fleet = [pod(0, active: 2, waiting: 3, kv: 0.5), pod(1, active: 1, kv: 0.2), pod(2, active: 3, kv: 0.9)]
    #expect(decide(&policy, request(blocks: [1, 2, 3]), fleet) == .pod(PodID(0)))
  }

  @Test func queueDecidesWhenPrefixesAreEqual() {
    // No hits anywhere -> prefix score 1 for all (max = min).
    // Queues [4, 2, 0]: (4 - q) / 4 = [0, 0.5, 1]; KV [0, 0, 0.6] -> 1 - u = [1, 1, 0.4].
    // Pod 0: 3 + 0 + 1 = 4; pod 1: 3 + 1 + 1 = 5; pod 2: 3 + 2 + 0.4 = 5.4 -> pod 2.
    var policy = LLMDPolicy()
    let fleet = [pod(0, waiting: 4), pod(1, active: 2), pod(2, kv: 0.6)]
    #expect(decide(&policy, request(blocks: [9]), fleet) == .pod(PodID(2)))
  }

  @Test func tiesArePickedAtRandomAmongTheBest() {
    // Identical idle pods: every score is 3 + 2 + 1 = 6, so each pod is a tie. Over 300 seeded
    // decisions (no prefix blocks, so the index stays empty) each of 3 pods is picked about 100
    // times; a down pod never is.
    var policy = LLMDPolicy()
    var random = SplitMix64(seed: 7, stream: "test")
    var counts = [0, 0, 0]
    for i in 0..<300 {
      guard case .pod(let chosen) = policy.route(request(i), fleet: idleFleet(3), random: &random) else {
        Issue.record("no pod chosen")
        return
      }
      counts[chosen.rawValue] += 1
    }
    #expect(counts.allSatisfy { $0 > 60 && $0 < 140 })
    for i in 0..<20 {
      let decision = policy.route(request(i), fleet: [pod(0, routable: false), pod(1), pod(2)], random: &random)
      #expect(decision != .pod(PodID(0)))
    }
    #expect(decide(&policy, request(), [pod(0, routable: false)]) == .reject(.noRoutablePod))
  }

  @Test func remembersWhereItSentPrefixes() {
    // First [5, 6] on idle pods -> a tie, some pod p. Second: p has 2 hits -> prefix 1 vs 0:
    // p = 3 + 2 + 1 = 6 > the other = 0 + 2 + 1 = 3, so the second follows the first.
    var policy = LLMDPolicy()
    let first = decide(&policy, request(0, blocks: [5, 6]), idleFleet(2))
    #expect(decide(&policy, request(1, blocks: [5, 6, 7]), idleFleet(2)) == first)
  }
}
