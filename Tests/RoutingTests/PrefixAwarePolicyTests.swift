import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct PrefixAwarePolicyTests {
  @Test func longestMatchThenLeastLoadThenLowestId() {
    var policy = PrefixAwarePolicy()
    policy.trie.insert([1, 2, 3], on: 1)
    policy.trie.insert([1, 2], on: 2)
    policy.trie.insert([1, 2, 3], on: 3)
    // Request [1, 2, 3, 4]: pods 1 and 3 match 3 blocks; active 4 and 2 -> pod 3.
    let fleet = [pod(0), pod(1, active: 4), pod(2), pod(3, active: 2)]
    #expect(decide(&policy, request(blocks: [1, 2, 3, 4]), fleet) == .pod(PodID(3)))
    // Equal active on pods 1 and 3 -> pod 1.
    let even = [pod(0), pod(1, active: 2), pod(2), pod(3, active: 2)]
    #expect(decide(&policy, request(blocks: [1, 2, 3]), even) == .pod(PodID(1)))
  }

  @Test func noMatchFallsBackToLowestLoad() {
    // Unknown prefix: all routable pods match 0 -> fewest active: pod 2 (pod 1 is down).
    var policy = PrefixAwarePolicy()
    let fleet = [pod(0, active: 3), pod(1, routable: false), pod(2, active: 1), pod(3, active: 1)]
    #expect(decide(&policy, request(blocks: [42]), fleet) == .pod(PodID(2)))
    // It now remembers [42] on pod 2, even when pod 2 is busier.
    let busy = [pod(0), pod(1), pod(2, active: 50), pod(3)]
    #expect(decide(&policy, request(1, blocks: [42, 43]), busy) == .pod(PodID(2)))
  }
}
