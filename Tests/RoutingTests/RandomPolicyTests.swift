import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct RandomPolicyTests {
  @Test func firstDrawOfSeedZeroPicksTheThirdRoutablePod() {
    // Routable pods 0, 2, 3 (three). Draw 0xE220...CDAF ~ 0.88331 of 2^64;
    // floor(3 * 0.88331) = 2 -> the third routable pod, pod 3.
    var policy = RandomPolicy()
    let fleet = [pod(0), pod(1, routable: false), pod(2), pod(3)]
    #expect(decide(&policy, request(), fleet, seed: 0) == .pod(PodID(3)))
  }

  @Test func isUniformOverRoutablePodsOnly() {
    var policy = RandomPolicy()
    let fleet = [pod(0), pod(1, routable: false), pod(2), pod(3)]
    var random = SplitMix64(seed: 42)
    var counts = [0, 0, 0, 0]
    for sequence in 0..<30_000 {
      if let target = policy.route(request(sequence), fleet: fleet, random: &random).target {
        counts[target.rawValue] += 1
      }
    }
    #expect(counts[1] == 0)
    // 10,000 expected each; the standard deviation is ~82, so 600 is over 7 sigma.
    for index in [0, 2, 3] { #expect(abs(counts[index] - 10_000) < 600) }
  }
}
