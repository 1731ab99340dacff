import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct PowerOfTwoChoicesPolicyTests {
  @Test func seedZeroComparesTheSecondAndFourthRoutablePods() {
    // Four routable pods. First draw ~0.88331: floor(4 * 0.88331) = 3.
    // Second draw ~0.43153 over the other three: floor(3 * 0.43153) = 1, below 3 so kept.
    // Candidates: ranks 1 and 3 = pods 1 and 3.
    var policy = PowerOfTwoChoicesPolicy()
    let fleet = [pod(0), pod(1, active: 5), pod(2), pod(3, active: 4)]
    #expect(decide(&policy, request(), fleet, seed: 0) == .pod(PodID(3)))
    // Equal active counts: the lower id, pod 1, wins (pod 0, though idle, was not drawn).
    let tied = [pod(0), pod(1, active: 4), pod(2), pod(3, active: 4)]
    #expect(decide(&policy, request(), tied, seed: 0) == .pod(PodID(1)))
  }

  @Test func neverPicksTheLoneMaximumAndNeverAnUnroutablePod() {
    // With distinct draws, the most loaded routable pod can never win a comparison.
    var policy = PowerOfTwoChoicesPolicy()
    let fleet = [pod(0, active: 1), pod(1, routable: false), pod(2, active: 9), pod(3, active: 2)]
    var random = SplitMix64(seed: 7)
    for sequence in 0..<2_000 {
      let target = policy.route(request(sequence), fleet: fleet, random: &random).target
      #expect(target == PodID(0) || target == PodID(3))
    }
  }

  @Test func singleRoutablePodNeedsNoDraw() {
    var policy = PowerOfTwoChoicesPolicy()
    #expect(decide(&policy, request(), [pod(0, routable: false), pod(1, active: 3)]) == .pod(PodID(1)))
  }
}
