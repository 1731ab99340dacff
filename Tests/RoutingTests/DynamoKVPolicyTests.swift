import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct DynamoKVPolicyTests {
  @Test func lowestCostWins() {
    // Block size 16. Request: 64 input tokens -> prefill_blocks = 4; log blocks of 16 tokens.
    // Pod 0: 0 hits, 32 in-flight tokens -> 1 * (4 - 0) + 2 = 6.
    // Pod 1: 3 hits, 64 in-flight tokens -> 1 * (4 - 3) + 4 = 5.
    // Pod 2: 0 hits, 16 in-flight tokens -> 4 + 1 = 5; ties pod 1 within 1e-5; pod 2 holds
    //   fewer cached blocks (0 < 3) -> pod 2.
    // Pod 3: down.
    var policy = DynamoKVPolicy()
    policy.index.insert([1, 2, 3], on: 1)
    let fleet = [pod(0, tokens: 32), pod(1, tokens: 64), pod(2, tokens: 16), pod(3, routable: false)]
    let incoming = request(blocks: [1, 2, 3, 4], input: 64)
    #expect(policy.cost(incoming, load: fleet[0], hits: 0) == 6)
    #expect(policy.cost(incoming, load: fleet[1], hits: 3) == 5)
    #expect(decide(&policy, incoming, fleet) == .pod(PodID(2)))
  }

  @Test func overlapBeatsLoadAndConvertsBlockSizes() {
    // Log blocks of 64 tokens, engine blocks of 16. Request 256 tokens -> prefill 16 blocks.
    // Pod 0: 2 hits = 128 tokens = 8 engine blocks; 80 in-flight tokens = 5 -> 8 + 5 = 13.
    // Pod 1: 0 hits, 0 in flight -> 16. Pod 0 wins.
    var policy = DynamoKVPolicy()
    policy.index.insert([10, 11], on: 0)
    let incoming = request(blocks: [10, 11, 12, 13], blockSize: 64, input: 256)
    #expect(decide(&policy, incoming, [pod(0, tokens: 80), pod(1)]) == .pod(PodID(0)))
    // Prefill scale 0: pure decode load -> pod 1 (0 < 5).
    var loadOnly = DynamoKVPolicy(prefillLoadScale: 0)
    loadOnly.index.insert([10, 11], on: 0)
    #expect(decide(&loadOnly, incoming, [pod(0, tokens: 80), pod(1)]) == .pod(PodID(1)))
    // Overlap beyond the prompt clamps at 0: 5 hits * 64 = 320 tokens = 20 blocks > 16
    // -> max(0, 16 - 20) = 0, plus 48 / 16 = 3 decode blocks -> 3.
    let longHit = request(blocks: [10, 11, 12, 13, 14], blockSize: 64, input: 256)
    #expect(policy.cost(longHit, load: pod(0, tokens: 48), hits: 5) == 3)
  }

  @Test func exactTieGoesToTheLowestIdAndTheChoiceIsRemembered() {
    var policy = DynamoKVPolicy()
    let fleet = idleFleet(3)
    // All costs 4, all caches empty -> pod 0; it now holds [1..4].
    #expect(decide(&policy, request(0, blocks: [1, 2, 3, 4]), fleet) == .pod(PodID(0)))
    // Same prompt again: pod 0 costs 0, others 4 -> pod 0.
    #expect(decide(&policy, request(1, blocks: [1, 2, 3, 4]), fleet) == .pod(PodID(0)))
    // New prompt: costs all 4; tie -> fewest cached: pods 1, 2 hold 0 -> pod 1.
    #expect(decide(&policy, request(2, blocks: [7, 8, 9, 10]), fleet) == .pod(PodID(1)))
  }
}
