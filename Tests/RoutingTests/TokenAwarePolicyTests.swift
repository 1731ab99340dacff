import Testing
import Workload

@testable import Routing

@Suite struct TokenAwarePolicyTests {
  @Test func picksFewestInflightTokens() {
    var policy = TokenAwarePolicy()
    // Tokens 900, 300 (down), 500, 400 -> pod 3 even though it has the most requests.
    let fleet = [
      pod(0, active: 1, tokens: 900), pod(1, routable: false, tokens: 300),
      pod(2, active: 1, tokens: 500), pod(3, active: 9, tokens: 400),
    ]
    #expect(decide(&policy, request(), fleet) == .pod(PodID(3)))
    // Equal tokens -> lowest id.
    #expect(decide(&policy, request(), [pod(0, tokens: 7), pod(1, tokens: 7)]) == .pod(PodID(0)))
  }
}
