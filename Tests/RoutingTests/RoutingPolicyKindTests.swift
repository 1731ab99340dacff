import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct RoutingPolicyKindTests {
  @Test func rawValuesAreTheCommandLineNames() {
    #expect(
      RoutingPolicyKind.allCases.map(\.rawValue) == [
        "round-robin", "random", "least-request", "p2c", "token-aware", "mu-least", "consistent-hash",
        "chwbl", "sglang-cache-aware", "dynamo-kv", "llm-d", "prefix-aware", "mu-subset", "dicer-random",
      ])
    #expect(RoutingPolicyKind(rawValue: "mu-subset") == .muSubset)
  }

  @Test func makesTheMatchingPolicyWithItsParameters() {
    var parameters = RoutingParameters()
    parameters.sglangCacheThreshold = 0.5
    parameters.boundedLoadFactor = 1.5
    parameters.spillPolicy = .reject
    parameters.dynamoPrefillLoadScale = 2
    parameters.llmdQueueWeight = 7
    #expect(RoutingPolicyKind.roundRobin.makePolicy(parameters) is RoundRobinPolicy)
    #expect(RoutingPolicyKind.random.makePolicy(parameters) is RandomPolicy)
    #expect(RoutingPolicyKind.leastRequest.makePolicy(parameters) is LeastRequestPolicy)
    #expect(RoutingPolicyKind.p2c.makePolicy(parameters) is PowerOfTwoChoicesPolicy)
    #expect(RoutingPolicyKind.tokenAware.makePolicy(parameters) is TokenAwarePolicy)
    #expect(RoutingPolicyKind.muLeast.makePolicy(parameters) is MULeastPolicy)
    #expect(RoutingPolicyKind.consistentHash.makePolicy(parameters) is ConsistentHashPolicy)
    #expect((RoutingPolicyKind.chwbl.makePolicy(parameters) as? BoundedLoadHashPolicy)?.loadFactor == 1.5)
    #expect((RoutingPolicyKind.sglangCacheAware.makePolicy(parameters) as? SGLangCacheAwarePolicy)?.cacheThreshold == 0.5)
    #expect((RoutingPolicyKind.dynamoKV.makePolicy(parameters) as? DynamoKVPolicy)?.prefillLoadScale == 2)
    #expect((RoutingPolicyKind.llmD.makePolicy(parameters) as? LLMDPolicy)?.queueWeight == 7)
    #expect(RoutingPolicyKind.prefixAware.makePolicy(parameters) is PrefixAwarePolicy)
    #expect((RoutingPolicyKind.muSubset.makePolicy(parameters) as? MUSubsetPolicy)?.spillPolicy == .reject)
    #expect(RoutingPolicyKind.dicerRandom.makePolicy(parameters) is DicerRandomPolicy)
  }

  @Test func summariesAreDistinctAndSubsetPoliciesAreFlagged() {
    let summaries = RoutingPolicyKind.allCases.map(\.summary)
    #expect(Set(summaries).count == summaries.count)
    #expect(summaries.allSatisfy { !$0.isEmpty && !$0.contains("\n") })
    #expect(RoutingPolicyKind.allCases.filter(\.usesKeySubsets) == [.muSubset, .dicerRandom])
  }

  @Test(arguments: RoutingPolicyKind.allCases)
  func everyPolicyAnswersWithoutRoutablePods(kind: RoutingPolicyKind) {
    var policy = kind.makePolicy(RoutingParameters())
    var random = SplitMix64(seed: 1)
    for fleet in [[], [pod(0, routable: false), pod(1, routable: false)]] {
      let decision = policy.route(request(blocks: [1, 2]), fleet: fleet, random: &random)
      #expect(decision == .reject(.noRoutablePod))
    }
  }

  @Test(arguments: RoutingPolicyKind.allCases)
  func sameSeedSameDecisions(kind: RoutingPolicyKind) {
    let first = Self.replay(kind, seed: 21)
    #expect(first == Self.replay(kind, seed: 21))
    // Every decision names a routable pod of the 6-pod fleet (pod 4 is down).
    #expect(first.allSatisfy { ($0.target.map { $0.rawValue != 4 && $0.rawValue < 6 }) ?? true })
  }

  @Test func randomPoliciesDependOnTheSeed() {
    for kind in [RoutingPolicyKind.random, .p2c, .dicerRandom] {
      #expect(Self.replay(kind, seed: 21) != Self.replay(kind, seed: 22))
    }
  }

  /// A small closed-loop replay: 600 requests from 40 sessions sharing prefixes over 6 pods
  /// (pod 4 down), loads updated by the decisions and by seeded completions.
  static func replay(_ kind: RoutingPolicyKind, seed: UInt64) -> [RoutingDecision] {
    var policy = kind.makePolicy(RoutingParameters())
    policy.adopt(KeyRangeSubsets(equalSlices: 3) { [PodID($0), PodID($0 + 3)] })
    var random = SplitMix64(seed: seed, stream: "router")
    var workload = SplitMix64(seed: 5)
    var fleet = (0..<6).map { pod($0, routable: $0 != 4, capacity: 40) }
    var decisions: [RoutingDecision] = []
    for sequence in 0..<600 {
      let session = workload.next() % 40
      let key = StableHash.mix(session)
      let blocks = (0..<(1 + Int(workload.next() % 5))).map { StableHash.combine(key, UInt64($0)) }
      let incoming = request(sequence, key: key, blocks: blocks, estimatedMU: 1)
      let decision = policy.route(incoming, fleet: fleet, random: &random)
      decisions.append(decision)
      if let target = decision.target {
        fleet[target.rawValue].activeRequests += 1
        fleet[target.rawValue].routedMUSinceReport += 1
        fleet[target.rawValue].inflightTokens += incoming.inputTokens
      }
      if workload.next() % 2 == 0, let busy = fleet.firstIndex(where: { $0.activeRequests > 0 }) {
        fleet[busy].activeRequests -= 1
        fleet[busy].routedMUSinceReport -= 1
        fleet[busy].inflightTokens = max(0, fleet[busy].inflightTokens - 64)
      }
    }
    return decisions
  }
}
