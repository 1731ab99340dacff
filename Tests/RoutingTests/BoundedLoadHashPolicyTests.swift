import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct BoundedLoadHashPolicyTests {
  @Test func capacityFormula() {
    // ceil(1.25 * (7 + 1) / 4) = ceil(2.5) = 3; ceil(1.25 * 6 / 2) = ceil(3.75) = 4;
    // ceil(1.25 * 2 / 2) = ceil(1.25) = 2; ceil(1.25 * 1 / 8) = 1.
    #expect(BoundedLoadHashPolicy.capacity(totalActive: 7, routablePods: 4, loadFactor: 1.25) == 3)
    #expect(BoundedLoadHashPolicy.capacity(totalActive: 5, routablePods: 2, loadFactor: 1.25) == 4)
    #expect(BoundedLoadHashPolicy.capacity(totalActive: 1, routablePods: 2, loadFactor: 1.25) == 2)
    #expect(BoundedLoadHashPolicy.capacity(totalActive: 0, routablePods: 8, loadFactor: 1.25) == 1)
  }

  @Test func hashedPodUnderCapacityKeepsTheKey() {
    // Active [1, 0]: capacity ceil(1.25 * 2 / 2) = 2; pod 0 has 1 < 2 -> stays on pod 0.
    var policy = BoundedLoadHashPolicy()
    let key = HashRing.position(pod: 0, replica: 4)
    #expect(decide(&policy, request(key: key), [pod(0, active: 1), pod(1)]) == .pod(PodID(0)))
  }

  @Test func fullPodForwardsClockwise() {
    var policy = BoundedLoadHashPolicy()
    let key = HashRing.position(pod: 0, replica: 4)
    // Active [2, 0]: capacity ceil(1.25 * 3 / 2) = ceil(1.875) = 2; pod 0 is full -> pod 1.
    #expect(decide(&policy, request(key: key), [pod(0, active: 2), pod(1)]) == .pod(PodID(1)))
    // Active [3, 3, 0]: capacity ceil(1.25 * 7 / 3) = ceil(2.92) = 3; pods 0 and 1 full -> pod 2.
    let three = [pod(0, active: 3), pod(1, active: 3), pod(2)]
    #expect(decide(&policy, request(key: key), three) == .pod(PodID(2)))
    // Pod 0 down, active [-, 0]: the walk skips it -> pod 1.
    #expect(decide(&policy, request(key: key), [pod(0, routable: false), pod(1)]) == .pod(PodID(1)))
  }

  @Test func neverExceedsTheBound() {
    // Property: random arrivals and completions over 8 pods (one flapping down); every
    // placement keeps the chosen pod at or under ceil(c * (m + 1) / n) after adding the request.
    var policy = BoundedLoadHashPolicy(loadFactor: 1.25)
    var random = SplitMix64(seed: 99)
    var fleet = idleFleet(8)
    var hotKeys = (0..<3).map { _ in random.next() }
    for step in 0..<20_000 {
      if step % 500 == 0 { fleet[5].isRoutable.toggle() }
      if step % 3_000 == 0 { hotKeys[0] = random.next() }
      let routableActive = fleet.filter(\.isRoutable).map(\.activeRequests)
      if random.nextUnitDouble() < 0.45 {
        // Complete a random active request.
        let busy = fleet.indices.filter { fleet[$0].activeRequests > 0 }
        if let index = busy.isEmpty ? nil : busy[Int(random.next() % UInt64(busy.count))] {
          fleet[index].activeRequests -= 1
        }
        continue
      }
      // Skewed keys: half the traffic on three hot keys.
      let key = random.nextUnitDouble() < 0.5 ? hotKeys[Int(random.next() % 3)] : random.next()
      let capacity = BoundedLoadHashPolicy.capacity(
        totalActive: routableActive.reduce(0, +), routablePods: routableActive.count, loadFactor: 1.25)
      guard let target = decide(&policy, request(step, key: key), fleet).target else {
        Issue.record("no pod chosen at step \(step)")
        return
      }
      #expect(fleet[target.rawValue].isRoutable)
      fleet[target.rawValue].activeRequests += 1
      #expect(fleet[target.rawValue].activeRequests <= capacity)
    }
  }
}
