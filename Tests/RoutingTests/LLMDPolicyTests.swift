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

  @Test func tiesGoToTheLowestRoutableId() {
    // Identical pods: every score 3 + 2 + 1 = 6 -> pod 0; with pod 0 down -> pod 1.
    var policy = LLMDPolicy()
    #expect(decide(&policy, request(), idleFleet(3)) == .pod(PodID(0)))
    #expect(decide(&policy, request(), [pod(0, routable: false), pod(1), pod(2)]) == .pod(PodID(1)))
    #expect(decide(&policy, request(), [pod(0, routable: false)]) == .reject(.noRoutablePod))
  }

  @Test func remembersWhereItSentPrefixes() {
    // First [5, 6] on idle pods -> pod 0 by tie. Second: pod 0 has 2 hits -> prefix 1 vs 0:
    // pod 0 = 3 + 2 + 1 = 6 > pod 1 = 0 + 2 + 1 = 3.
    var policy = LLMDPolicy()
    #expect(decide(&policy, request(0, blocks: [5, 6]), idleFleet(2)) == .pod(PodID(0)))
    #expect(decide(&policy, request(1, blocks: [5, 6, 7]), idleFleet(2)) == .pod(PodID(0)))
  }
}
