import Measurements
import Routing
import Testing
import Workload

@testable import Replay

/// Warm-to-cold moves: a request whose key's previous request ran on another pod.
@Suite struct KeyMoveTests {
  @Test func placementFollowsTheKeysLastPod() {
    var usage = KeyPodUsage(limit: 2)
    #expect(usage.placement(key: 7, pod: PodID(1)) == .first)
    usage.record(key: 7, tenant: 0, pod: PodID(1), load: 1)
    #expect(usage.placement(key: 7, pod: PodID(1)) == .stayed)
    #expect(usage.placement(key: 7, pod: PodID(2)) == .moved)
    usage.record(key: 7, tenant: 0, pod: PodID(2), load: 1)
    // After the move the key's last pod is 2, so pod 1 is now the move.
    #expect(usage.placement(key: 7, pod: PodID(2)) == .stayed)
    #expect(usage.placement(key: 7, pod: PodID(1)) == .moved)
    usage.record(key: 8, tenant: 0, pod: PodID(0), load: 1)
    // Two keys sampled: a third is untracked.
    #expect(usage.placement(key: 9, pod: PodID(0)) == .untracked)
  }

  @Test func stickyHashingNeverMovesAndRoundRobinDoes() throws {
    // Multi-turn sessions on 4 pods. Consistent hashing without a load bound sends every
    // request of a session to the same pod (no events, a fixed ring): zero moves. Round robin
    // scatters follow-up turns: most of them move, and they hit the cache less than the rest.
    let records = try synthRecords(requests: 300, tenants: 4, ratePerSecond: 20)
    let configuration = try testConfiguration(pods: 4)
    let hashed = try replay(records, configuration: configuration, policy: .consistentHash)
    #expect(hashed.stayedCompleted > 0)
    #expect(hashed.movedCompleted == 0)
    let scattered = try replay(records, configuration: configuration, policy: .roundRobin)
    #expect(scattered.movedCompleted > scattered.stayedCompleted)
    let movedRate = Double(scattered.movedCachedTokens) / Double(max(1, scattered.movedInputTokens))
    let stayedRate = Double(scattered.stayedCachedTokens) / Double(max(1, scattered.stayedInputTokens))
    #expect(movedRate < stayedRate)
  }
}
