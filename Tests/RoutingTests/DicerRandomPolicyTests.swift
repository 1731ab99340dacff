import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct DicerRandomPolicyTests {
  @Test func firstDrawOfSeedZeroPicksTheThirdSubsetMember() {
    // Subset [0, 2, 3], all routable: floor(3 * 0.88331) = 2 -> pod 3.
    var policy = DicerRandomPolicy(subsets: KeyRangeSubsets(everyKeyTo: [PodID(0), PodID(2), PodID(3)]))
    #expect(decide(&policy, request(), idleFleet(4), seed: 0) == .pod(PodID(3)))
  }

  @Test func uniformInsideTheSubsetIgnoringLoadAndDownPods() {
    var policy = DicerRandomPolicy(subsets: KeyRangeSubsets(everyKeyTo: [PodID(1), PodID(2), PodID(3)]))
    // Pod 3 is down; pod 1 is heavily loaded but still drawn half the time.
    let fleet = [pod(0), pod(1, mu: 50, active: 80), pod(2), pod(3, routable: false)]
    var random = SplitMix64(seed: 5)
    var counts = [0, 0, 0, 0]
    for sequence in 0..<20_000 {
      if let target = policy.route(request(sequence), fleet: fleet, random: &random).target {
        counts[target.rawValue] += 1
      }
    }
    #expect(counts[0] == 0 && counts[3] == 0)
    // 10,000 expected each, standard deviation ~71.
    #expect(abs(counts[1] - 10_000) < 500)
  }

  @Test func fallsBackToAnyRoutablePod() {
    var policy = DicerRandomPolicy(subsets: KeyRangeSubsets(everyKeyTo: [PodID(3)]))
    let fleet = [pod(0), pod(1), pod(2, routable: false), pod(3, routable: false)]
    var random = SplitMix64(seed: 6)
    for sequence in 0..<200 {
      let decision = policy.route(request(sequence), fleet: fleet, random: &random)
      #expect(decision == .spill(PodID(0), .subsetUnavailable) || decision == .spill(PodID(1), .subsetUnavailable))
    }
    var unassigned = DicerRandomPolicy()
    #expect(decide(&unassigned, request(), [pod(0, routable: false), pod(1)]) == .spill(PodID(1), .subsetUnavailable))
    #expect(decide(&unassigned, request(), [pod(0, routable: false)]) == .reject(.noRoutablePod))
  }
}
