import Testing
import Workload

@testable import Routing

@Suite struct MULeastPolicyTests {
  @Test func picksLowestBelievedMU() {
    var policy = MULeastPolicy()
    // Believed = reported + routed since: 4 + 0, 1 + 2.5 = 3.5, 3.5 + 0, down at 0.
    var fleet = [pod(0, mu: 4), pod(1, mu: 1), pod(2, mu: 3.5), pod(3, routable: false)]
    fleet[1].routedMUSinceReport = 2.5
    // Pods 1 and 2 tie at 3.5 -> pod 1.
    #expect(decide(&policy, request(), fleet) == .pod(PodID(1)))
    fleet[1].routedMUSinceReport = 2.6
    #expect(decide(&policy, request(), fleet) == .pod(PodID(2)))
  }
}
