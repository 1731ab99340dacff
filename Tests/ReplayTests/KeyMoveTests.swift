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

  @Test func aVisitClassifiesAndRecordsWithOneLookup() {
    var usage = KeyPodUsage(limit: 2)
    let first = usage.visit(key: 7, pod: PodID(1))
    #expect(first.placement == .first)
    usage.record(first, tenant: 3, pod: PodID(1), load: 1)
    let stayed = usage.visit(key: 7, pod: PodID(1))
    #expect(stayed.placement == .stayed)
    usage.record(stayed, tenant: 3, pod: PodID(1), load: 2)
    let moved = usage.visit(key: 7, pod: PodID(2))
    #expect(moved.placement == .moved)
    usage.record(moved, tenant: 3, pod: PodID(2), load: 1)
    #expect(usage.keyCount == 1)
    #expect(usage.placement(key: 7, pod: PodID(2)) == .stayed)
    // One key of load 1 + 2 + 1 = 4, served by pods 1 and 2: each served all of it.
    let blast = usage.blastRadius(podCount: 3)
    #expect(blast.map(\.keyShare) == [0, 1, 1])
    #expect(blast.map(\.loadShare) == [0, 1, 1])
    #expect(blast.map(\.tenantShare) == [0, 1, 1])
  }

  @Test func twoVisitsOfANewKeyRecordOneEntry() {
    // Both visits come before either is recorded: the second must find the entry the first
    // made, not add the key again (which would count it twice in the blast radius).
    var usage = KeyPodUsage(limit: 4)
    let a = usage.visit(key: 9, pod: PodID(0))
    let b = usage.visit(key: 9, pod: PodID(1))
    #expect(a.placement == .first && b.placement == .first)
    usage.record(a, tenant: 0, pod: PodID(0), load: 1)
    usage.record(b, tenant: 0, pod: PodID(1), load: 3)
    #expect(usage.keyCount == 1)
    #expect(usage.placement(key: 9, pod: PodID(1)) == .stayed)
    #expect(usage.blastRadius(podCount: 2).map(\.loadShare) == [1, 1])
  }

  @Test func aVisitBeyondTheLimitRecordsNothing() {
    var usage = KeyPodUsage(limit: 1)
    usage.record(usage.visit(key: 1, pod: PodID(0)), tenant: 0, pod: PodID(0), load: 1)
    let beyond = usage.visit(key: 2, pod: PodID(1))
    #expect(beyond.placement == .untracked)
    usage.record(beyond, tenant: 1, pod: PodID(1), load: 5)
    #expect(usage.keyCount == 1)
    #expect(usage.blastRadius(podCount: 2).map(\.keyShare) == [1, 0])
  }

  @Test func aVisitStaysValidWhileOtherKeysAreRecorded() {
    var usage = KeyPodUsage(limit: 1_000)
    usage.record(key: 1, tenant: 0, pod: PodID(0), load: 1)
    let visit = usage.visit(key: 1, pod: PodID(1))
    #expect(visit.placement == .moved)
    for key in 2...200 { usage.record(key: UInt64(key), tenant: 0, pod: PodID(2), load: 1) }
    usage.record(visit, tenant: 0, pod: PodID(1), load: 1)
    #expect(usage.keyCount == 200)
    #expect(usage.placement(key: 1, pod: PodID(1)) == .stayed)
    // Pod 1 served key 1 only, which carries 2 of the 201 MU; pod 2 the other 199 keys.
    let blast = usage.blastRadius(podCount: 3)
    #expect(blast[1].keyShare == 1.0 / 200 && blast[1].loadShare == 2.0 / 201)
    #expect(blast[2].keyShare == 199.0 / 200 && blast[2].loadShare == 199.0 / 201)
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
