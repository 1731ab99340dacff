import Testing
import Workload

@testable import Routing

@Suite struct LeastRequestPolicyTests {
  @Test func picksFewestActiveTiesToLowestIdSkipsDown() {
    var policy = LeastRequestPolicy()
    // Active 3, 1 (down), 2, 2: pod 1 is down; 2 and 3 tie at 2 -> pod 2.
    let fleet = [pod(0, active: 3), pod(1, routable: false, active: 1), pod(2, active: 2), pod(3, active: 2)]
    #expect(decide(&policy, request(), fleet) == .pod(PodID(2)))
    #expect(decide(&policy, request(), [pod(0, routable: false)]) == .reject(.noRoutablePod))
  }
}
