import Measurements
import SimCore
import Synth
import Testing
import Workload
@testable import Replay

@Suite struct ReplayEngineAdmissionTests {
  static let hot = HotTenant(tenant: 3, multiplier: 20, startSeconds: 25, durationSeconds: 30)

  /// Each tenant's mean estimated MU per minute over a replay of `records` that admits everything.
  func normalRates(_ records: [TraceRecord]) throws -> [String: Double] {
    var configuration = try testConfiguration()
    configuration.contracts = Contracts(
      tenants: (0..<8).map { Contracts.Tenant(name: "tenant-\($0)", reservedMUPerMinute: 1e9) })
    let run = try replay(records, configuration: configuration)
    let minutes = run.simulatedDuration.seconds / 60
    let admission = try #require(run.admission)
    #expect(admission.rejected == 0)
    var rates: [String: Double] = [:]
    for tenant in admission.tenants where tenant.offered > 0 { rates[tenant.name] = tenant.reservedMU / minutes }
    return rates
  }

  /// Contracts at twice each tenant's normal rate: a tenant whose traffic triples breaks its
  /// contract; the others, whose share shrinks while it is hot, never do.
  @Test func onlyTheTenantOverItsContractIsRejected() throws {
    let normal = try normalRates(try synthRecords(requests: 1_100, tenants: 8, ratePerSecond: 16))
    let records = try synthRecords(requests: 1_100, tenants: 8, ratePerSecond: 16, hotTenant: Self.hot)
    var configuration = try testConfiguration()
    configuration.contracts = Contracts(
      tenants: normal.keys.sorted().map {
        Contracts.Tenant(name: $0, reservedMUPerMinute: 2.5 * (normal[$0] ?? 0), burstSeconds: 10)
      })
    let run = try replay(records, configuration: configuration)
    let admission = try #require(run.admission)
    let byName = Dictionary(uniqueKeysWithValues: admission.tenants.map { ($0.name, $0) })
    #expect((byName["tenant-3"]?.rejected ?? 0) > 0)
    for name in ["tenant-0", "tenant-1", "tenant-2", "tenant-4", "tenant-5", "tenant-6", "tenant-7"] {
      #expect(byName[name]?.rejected == 0, "\(name) was rejected")
      #expect((byName[name]?.offered ?? 0) > 0)
    }
    #expect(admission.worstTenant?.name == "tenant-3")
    #expect(run.rejected >= admission.rejected)
  }

  /// Per tenant, every offered request is admitted or rejected (queued ones are admitted), and
  /// MU net-charged to a reservation stay within rate x time + depth, plus one depth of debt the
  /// reconciliation may add (see TokenBucket).
  @Test(arguments: [Contracts.OverContract.reject, .queue])
  func admittedPlusRejectedIsOfferedAndReservationsHold(over: Contracts.OverContract) throws {
    let records = try synthRecords(
      requests: 800, ratePerSecond: 16, hotTenant: HotTenant(tenant: 1, multiplier: 6, startSeconds: 10, durationSeconds: 20))
    var configuration = try testConfiguration()
    // About 5 MU/min per tenant at these sizes: reservations of 4 with a small pool must refuse some.
    let rate = 4.0
    let burst = 5.0
    configuration.contracts = Contracts(
      tenants: (0..<3).map { Contracts.Tenant(name: "tenant-\($0)", reservedMUPerMinute: rate, burstSeconds: burst) },
      bestEffortMUPerMinute: 4, bestEffortBurstSeconds: 5, overContract: over, maxQueue: .seconds(1))
    let run = try replay(records, configuration: configuration)
    let admission = try #require(run.admission)
    #expect(admission.offered == records.count)
    #expect(admission.rejected > 0)
    let seconds = run.simulatedDuration.seconds
    for (id, tenant) in admission.tenants.enumerated() where tenant.offered > 0 {
      #expect(tenant.admitted + tenant.rejected == tenant.offered, "\(tenant.name)")
      #expect(run.tenants[id].offered == tenant.offered)
      #expect(run.tenants[id].rejected >= tenant.rejected)
      if tenant.reservedMUPerMinute != nil {
        let depth = rate * burst / 60
        #expect(tenant.reservedMU <= rate / 60 * seconds + 2 * depth + 1e-6, "\(tenant.name)")
      } else {
        #expect(tenant.admittedReserved == 0)
      }
    }
    if over == .queue { #expect(admission.queued > 0) }
    #expect(admission.maxQueueWaitMillis <= 1_000)
  }

  @Test func withoutContractsNothingChanges() throws {
    let records = try synthRecords(requests: 300, ratePerSecond: 16)
    let plain = try replay(records, configuration: try testConfiguration())
    #expect(plain.admission == nil)
    var generous = try testConfiguration()
    generous.contracts = Contracts(bestEffortMUPerMinute: 1e9)
    let admitted = try replay(records, configuration: generous)
    // An unlimited pool admits everything: the routing and latency are the same as without contracts.
    #expect(admitted.completed == plain.completed)
    #expect(admitted.ttft.summary == plain.ttft.summary)
    #expect(admitted.cachedTokens == plain.cachedTokens)
    #expect(admitted.admission?.bestEffortShare == 1)
  }
}
