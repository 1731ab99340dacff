import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct PrefixAwarePolicyTests {
  @Test func theLongestMatchWinsWhateverTheLoad() {
    var policy = PrefixAwarePolicy()
    policy.trie.insert([1, 2, 3], on: 1)
    policy.trie.insert([1, 2], on: 2)
    // Request [1, 2, 3, 4]: only pod 1 matches 3 blocks, and wins although it is the busiest
    // (production-stack's router reads no load).
    let fleet = [pod(0), pod(1, active: 40), pod(2), pod(3)]
    for seed in UInt64(0)..<16 {
      var copy = policy
      #expect(decide(&copy, request(blocks: [1, 2, 3, 4]), fleet, seed: seed) == .pod(PodID(1)))
    }
  }

  /// Issue 15 item 10: ties went to the fewest active, then the lowest id, so an idle fleet
  /// sent its first request to pod 0 every time; production-stack picks among the longest
  /// matches at random.
  @Test func tiesAmongTheLongestMatchesArePickedAtRandom() {
    let fleet = [pod(0), pod(1, routable: false), pod(2, active: 5), pod(3, active: 1)]
    var picked = Set<PodID>()
    for seed in UInt64(0)..<64 {
      var policy = PrefixAwarePolicy()
      guard case .pod(let chosen) = decide(&policy, request(blocks: [42]), fleet, seed: seed) else {
        Issue.record("no pod chosen")
        continue
      }
      picked.insert(chosen)
    }
    // Every routable pod, never the one that is down.
    #expect(picked == [PodID(0), PodID(2), PodID(3)])
  }

  @Test func theChosenPodIsRemembered() {
    var policy = PrefixAwarePolicy()
    let fleet = [pod(0), pod(1), pod(2), pod(3)]
    guard case .pod(let first) = decide(&policy, request(blocks: [42]), fleet, seed: 7) else {
      Issue.record("no pod chosen")
      return
    }
    // It now remembers [42] on that pod, even when the pod is busier.
    var busy = fleet
    busy[first.rawValue] = pod(first.rawValue, active: 50)
    #expect(decide(&policy, request(1, blocks: [42, 43]), busy, seed: 9) == .pod(first))
  }
}
