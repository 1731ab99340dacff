import Routing
import SimCore
import Workload

/// The fleet's router replicas: each one's policy, its seeded random stream and the key table
/// it routes by. Replicas decide independently from their own (lagged) views of the pods, as
/// production routers do; the engine only tells them what happened.
struct RouterReplicas {
  // Parallel arrays, so that a policy can mutate itself while drawing from its stream without
  // copying either (disjoint stored properties are provably exclusive).
  private var policies: [any RoutingPolicy]
  private var randoms: [SplitMix64]
  /// The key table each replica routes by (subset policies only), for spill records.
  private var subsets: [KeyRangeSubsets?]

  /// `count` replicas of `policy`, each with its own stream of `seed`.
  init(policy: RoutingPolicyKind, parameters: RoutingParameters, count: Int, seed: UInt64) {
    policies = (0..<count).map { _ in policy.makePolicy(parameters) }
    randoms = (0..<count).map { SplitMix64(seed: seed, stream: "router-\($0)") }
    subsets = Array(repeating: nil, count: count)
  }

  /// How many replicas there are.
  var count: Int { policies.count }

  /// Replica `router`'s decision for `request`, from its view of the pods.
  mutating func decide(_ request: RouteRequest, router: Int, view: [PodLoad]) -> RoutingDecision {
    policies[router].route(request, fleet: view, random: &randoms[router])
  }

  /// Tells replica `router` that `request` left `pod` (finished or lost).
  mutating func completed(_ request: RouteRequest, router: Int, on pod: PodID) {
    policies[router].completed(request, on: pod)
  }

  /// Replica `router` starts routing by `table`.
  mutating func adopt(_ table: KeyRangeSubsets, router: Int) {
    policies[router].adopt(table)
    subsets[router] = table
  }

  /// The pods replica `router` assigns to `key` (empty before its first table).
  func subset(router: Int, key: UInt64) -> [PodID] {
    subsets[router]?.pods(for: key) ?? []
  }
}
