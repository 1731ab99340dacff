import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct SGLangCacheAwarePolicyTests {
  @Test func followsTheCacheRuleThroughASequence() {
    var policy = SGLangCacheAwarePolicy()
    let fleet = idleFleet(3)
    // A [1,2,3,4]: nothing cached, rate 0 <= 0.3 -> smallest tenant, all empty -> pod 0.
    #expect(decide(&policy, request(0, blocks: [1, 2, 3, 4]), fleet) == .pod(PodID(0)))
    // B [1,2,9,10]: pod 0 holds 1,2 -> rate 2/4 = 0.5 > 0.3 -> pod 0 (now 6 blocks).
    #expect(decide(&policy, request(1, blocks: [1, 2, 9, 10]), fleet) == .pod(PodID(0)))
    #expect(policy.cachedBlocks(of: PodID(0)) == 6)
    // C [1,5,6,7]: pod 0 holds 1 -> rate 1/4 = 0.25 <= 0.3 -> smallest tenant: pods 1, 2 hold 0 -> pod 1.
    #expect(decide(&policy, request(2, blocks: [1, 5, 6, 7]), fleet) == .pod(PodID(1)))
    // D [1,5,6,8]: pod 1 holds 1,5,6 -> 3/4 = 0.75 > 0.3 -> pod 1.
    #expect(decide(&policy, request(3, blocks: [1, 5, 6, 8]), fleet) == .pod(PodID(1)))
    // E [20,21,22]: no match -> smallest tenant: sizes 6, 5 (1,5,6,7,8), 0 -> pod 2.
    #expect(decide(&policy, request(4, blocks: [20, 21, 22]), fleet) == .pod(PodID(2)))
    // F with no blocks: rate 0 -> smallest tenant: sizes 6, 5, 3 -> pod 2.
    #expect(decide(&policy, request(5), fleet) == .pod(PodID(2)))
  }

  @Test func imbalanceSwitchesToShortestQueue() {
    var policy = SGLangCacheAwarePolicy()
    policy.tree.insert([1, 2, 3], on: 0)
    let matching = request(blocks: [1, 2, 3])
    // Loads [70, 5, 6]: 70 - 5 = 65 > 64 and 70 > 1.5 * 5 -> imbalanced -> least load, pod 1.
    #expect(decide(&policy, matching, [pod(0, active: 70), pod(1, active: 5), pod(2, active: 6)]) == .pod(PodID(1)))
    // Loads [70, 10, 10]: 60 <= 64 -> balanced -> full match on pod 0 wins.
    #expect(decide(&policy, matching, [pod(0, active: 70), pod(1, active: 10), pod(2, active: 10)]) == .pod(PodID(0)))
    // Loads [200, 140]: 60 <= 64 -> balanced; [200, 130]: 70 > 64 and 200 > 195 -> pod 1.
    #expect(decide(&policy, matching, [pod(0, active: 200), pod(1, active: 140)]) == .pod(PodID(0)))
    #expect(decide(&policy, matching, [pod(0, active: 200), pod(1, active: 130)]) == .pod(PodID(1)))
    // Loads [300, 210]: 90 > 64 but 300 > 315 is false -> balanced -> pod 0.
    #expect(decide(&policy, matching, [pod(0, active: 300), pod(1, active: 210)]) == .pod(PodID(0)))
  }

  @Test func skipsUnroutablePodsAndBreaksTiesToLowestId() {
    var policy = SGLangCacheAwarePolicy()
    policy.tree.insert([1, 2, 3, 4], on: 0)
    policy.tree.insert([1, 2, 3], on: 2)
    policy.tree.insert([1, 2, 3], on: 1)
    // Pod 0 (4 hits) is down; pods 1 and 2 tie at 3/4 -> pod 1.
    let fleet = [pod(0, routable: false), pod(1), pod(2)]
    #expect(decide(&policy, request(blocks: [1, 2, 3, 4]), fleet) == .pod(PodID(1)))
    #expect(decide(&policy, request(), [pod(0, routable: false)]) == .reject(.noRoutablePod))
  }

  @Test func boundedTreeForgetsOldPrefixes() {
    // Cap 2 blocks per pod: after [1, 2] then [3, 4] on pod 0, blocks 1, 2 are evicted,
    // so [1, 2] matches nothing (rate 0) and goes to the smallest tenant, pod 1.
    var policy = SGLangCacheAwarePolicy(maxTreeBlocksPerPod: 2)
    let fleet = idleFleet(2)
    #expect(decide(&policy, request(0, blocks: [1, 2]), fleet) == .pod(PodID(0)))
    policy.tree.insert([3, 4], on: 0)
    #expect(decide(&policy, request(1, blocks: [1, 2]), fleet) == .pod(PodID(1)))
  }
}
