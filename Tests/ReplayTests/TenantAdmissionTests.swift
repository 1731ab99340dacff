import SimCore
import Testing
@testable import Replay

@Suite struct TenantAdmissionTests {
  // acme: 60 MU/min, 10 s burst -> depth 10 MU, refill 1 MU/s.
  // best effort: 30 MU/min, 10 s burst -> depth 5 MU, refill 0.5 MU/s.
  // Tenant ids: 0 "(none)" and 2 "globex" have no contract, 1 is acme.
  func admission(_ over: Contracts.OverContract = .reject, maxQueueSeconds: Double = 3) -> TenantAdmission {
    var a = TenantAdmission(
      contracts: Contracts(
        tenants: [Contracts.Tenant(name: "acme", reservedMUPerMinute: 60, burstSeconds: 10)],
        bestEffortMUPerMinute: 30, bestEffortBurstSeconds: 10, overContract: over,
        maxQueue: .seconds(maxQueueSeconds)))
    for (id, name) in ["(none)", "acme", "globex"].enumerated() { a.register(tenant: id, name: name, at: .zero) }
    return a
  }

  @Test func reservedFirstThenBestEffortThenReject() {
    var a = admission()
    #expect(a.decide(tenant: 1, cost: 8, at: .zero) == .admit(.reserved))  // reserved 10 -> 2
    #expect(a.decide(tenant: 1, cost: 4, at: .zero) == .admit(.bestEffort))  // 2 < 4; pool 5 -> 1
    // Reserved lacks 4 - 2 = 2 MU at 1 MU/s: 2 s; the pool lacks 4 - 1 = 3 MU at 0.5 MU/s: 6 s.
    guard case .reject(let retry?) = a.decide(tenant: 1, cost: 4, at: .zero) else {
      Issue.record("expected a rejection with a retry-after")
      return
    }
    #expect(abs(retry.nanoseconds - 2_000_000_000) <= 1)
    #expect(a.decide(tenant: 2, cost: 1, at: .zero) == .admit(.bestEffort))  // no contract; pool 1 -> 0
    // 6 MU exceed the pool's depth of 5 and globex has no reservation: no retry can help.
    #expect(a.decide(tenant: 2, cost: 6, at: .zero) == .reject(retryAfter: nil))
  }

  @Test func refillInSimulatedTimeAdmitsAgain() {
    var a = admission()
    #expect(a.decide(tenant: 1, cost: 10, at: .zero) == .admit(.reserved))  // reserved 10 -> 0
    #expect(a.decide(tenant: 1, cost: 5, at: .zero) == .admit(.bestEffort))  // pool 5 -> 0
    #expect(a.decide(tenant: 1, cost: 3, at: .zero) != .admit(.reserved))
    // 3 s later the reservation holds 3 MU again (0 + 3 s * 1 MU/s).
    #expect(a.decide(tenant: 1, cost: 2.9, at: SimInstant(nanoseconds: 3_000_000_000)) == .admit(.reserved))
  }

  @Test func queueWaitsForTheBucketThatRefillsFirstAndQueuesInOrder() {
    var a = admission(.queue, maxQueueSeconds: 3)
    _ = a.decide(tenant: 1, cost: 8, at: .zero)  // reserved 10 -> 2
    _ = a.decide(tenant: 1, cost: 5, at: .zero)  // 2 < 5: pool 5 -> 0
    // Reserved lacks 4 - 2 = 2 MU (2 s), the pool lacks 4 MU at 0.5 MU/s (8 s): wait 2 s on reserved,
    // paid now, leaving the reservation at 2 - 4 = -2.
    guard case .queue(.reserved, let until) = a.decide(tenant: 1, cost: 4, at: .zero) else {
      Issue.record("expected the request to queue on its reservation")
      return
    }
    #expect(abs(until.nanoseconds - 2_000_000_000) <= 1)
    #expect(a.reserved[1]?.level == -2)
    // The next one lacks 4 - (-2) = 6 MU (6 s) on reserved and 4 MU (8 s) in the pool: over 3 s, rejected.
    guard case .reject(let retry?) = a.decide(tenant: 1, cost: 4, at: .zero) else {
      Issue.record("expected a rejection")
      return
    }
    #expect(abs(retry.nanoseconds - 6_000_000_000) <= 1)
  }

  @Test func reconcileRefundsAndChargesTheBucketThatPaid() {
    var a = admission()
    _ = a.decide(tenant: 1, cost: 8, at: .zero)  // reserved 10 -> 2
    // Actual 5 against 8 estimated: 3 back, 2 + 3 = 5 (no time passed).
    #expect(a.reconcile(tenant: 1, bucket: .reserved, estimated: 8, actual: 5, at: .zero) == -3)
    #expect(a.reserved[1]?.level == 5)
    _ = a.decide(tenant: 2, cost: 4, at: .zero)  // pool 5 -> 1
    // Actual 6 against 4: 2 more from the pool, 1 - 2 = -1.
    #expect(a.reconcile(tenant: 2, bucket: .bestEffort, estimated: 4, actual: 6, at: .zero) == 2)
    #expect(a.bestEffort.level == -1)
  }

  /// Without reconciliation, MU admitted from a reservation never exceed rate x elapsed + depth;
  /// with it, the debt floor adds at most one more depth.
  @Test(arguments: [UInt64(1), 2, 3, 4, 5])
  func reservedAdmissionsStayWithinRateTimesTimePlusDepth(seed: UInt64) {
    var random = SplitMix64(seed: seed, stream: "admission-property")
    var plain = admission()
    var reconciled = admission()
    var now = SimInstant.zero
    var plainReserved = 0.0
    var reconciledReserved = 0.0
    let ratePerSecond = 1.0
    let depth = 10.0
    for _ in 0..<2_000 {
      now = now + SimDuration(nanoseconds: Int64(random.next() % 400_000_000))
      let cost = 0.1 + Double(random.next() % 2_900) / 1_000  // 0.1 ... 3.0 MU
      if plain.decide(tenant: 1, cost: cost, at: now) == .admit(.reserved) { plainReserved += cost }
      if reconciled.decide(tenant: 1, cost: cost, at: now) == .admit(.reserved) {
        let actual = cost * Double(random.next() % 200) / 100  // 0 ... 2x the estimate
        reconciledReserved += cost
        reconciledReserved += reconciled.reconcile(tenant: 1, bucket: .reserved, estimated: cost, actual: actual, at: now)
      }
      let bound = ratePerSecond * now.seconds + depth
      #expect(plainReserved <= bound + 1e-6)
      #expect(reconciledReserved <= bound + depth + 1e-6)
    }
    #expect(plainReserved > 0)
  }
}
