import Testing
import Workload

@testable import Routing

@Suite struct RoundRobinPolicyTests {
  @Test func cyclesInIdOrderSkippingUnroutablePods() {
    var policy = RoundRobinPolicy()
    let fleet = [pod(0), pod(1, routable: false), pod(2), pod(3)]
    // Start at 0 -> 0; then 1 is down -> 2; then 3; wrap -> 0; then 2.
    let picks = (0..<5).map { decide(&policy, request($0), fleet).target?.rawValue }
    #expect(picks == [0, 2, 3, 0, 2])
  }

  @Test func rejectsWhenNothingIsRoutable() {
    var policy = RoundRobinPolicy()
    #expect(decide(&policy, request(), [pod(0, routable: false)]) == .reject(.noRoutablePod))
    #expect(decide(&policy, request(), []) == .reject(.noRoutablePod))
  }
}
