import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct ConsistentHashPolicyTests {
  @Test func keyOnAVirtualNodeGoesToItsPod() {
    // A key equal to a ring point maps to that point's pod (first point at or after the key).
    var policy = ConsistentHashPolicy(virtualNodes: 160)
    let fleet = idleFleet(8)
    for (podIndex, replica) in [(2, 7), (5, 0), (7, 159)] {
      let key = HashRing.position(pod: podIndex, replica: replica)
      #expect(decide(&policy, request(key: key), fleet) == .pod(PodID(podIndex)))
    }
  }

  @Test func ignoresLoad() {
    var policy = ConsistentHashPolicy()
    let key = HashRing.position(pod: 1, replica: 3)
    let fleet = [pod(0), pod(1, mu: 99, active: 500), pod(2)]
    #expect(decide(&policy, request(key: key), fleet) == .pod(PodID(1)))
  }

  @Test func removingAPodMovesOnlyItsKeysAboutOneNth() {
    // Property: with pod 3 of 8 down, keys that were on other pods stay, keys on pod 3 move,
    // and about 1/8 of the keys move (160 virtual nodes keep the share within a few points).
    var policy = ConsistentHashPolicy()
    let up = idleFleet(8)
    var down = up
    down[3].isRoutable = false
    var random = SplitMix64(seed: 11)
    let keys = 20_000
    var moved = 0
    for sequence in 0..<keys {
      let key = random.next()
      let before = decide(&policy, request(sequence, key: key), up).target
      let after = decide(&policy, request(sequence, key: key), down).target
      if before == PodID(3) {
        moved += 1
        #expect(after != PodID(3))
      } else {
        #expect(after == before)
      }
    }
    let share = Double(moved) / Double(keys)
    #expect(abs(share - 1.0 / 8) < 0.03)
  }

  @Test func growingTheFleetMovesKeysOnlyToTheNewPod() {
    // One policy per fleet size: a ring is rebuilt whenever the fleet size changes.
    var eight = ConsistentHashPolicy()
    var nine = ConsistentHashPolicy()
    var random = SplitMix64(seed: 12)
    var moved = 0
    let keys = 10_000
    for sequence in 0..<keys {
      let key = random.next()
      let before = decide(&eight, request(sequence, key: key), idleFleet(8)).target
      let after = decide(&nine, request(sequence, key: key), idleFleet(9)).target
      if after != before {
        moved += 1
        #expect(after == PodID(8))
      }
    }
    // About 1/9 of the keys move to the new pod.
    #expect(abs(Double(moved) / Double(keys) - 1.0 / 9) < 0.03)
  }

  @Test func rejectsWhenNothingIsRoutable() {
    var policy = ConsistentHashPolicy()
    #expect(decide(&policy, request(key: 5), [pod(0, routable: false)]) == .reject(.noRoutablePod))
  }
}
