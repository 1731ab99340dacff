import Measurements
import Testing
import Workload

@testable import Replay

/// A log with thousands of tenants: each is counted on its own, and only the first few may
/// grow a full latency histogram, so that per-tenant memory stays small.
@Suite struct ManyTenantsTests {
  @Test func thousandsOfTenantsAreCountedApartInLittleMemory() throws {
    // 4,200 tenants (more than the 4,096 names the replay used to tell apart), two requests each.
    let tenants = 4_200
    let records = (0..<(tenants * 2)).map { i in
      TraceRecord(
        arrivalNanos: Int64(i) * 3_000_000, inputTokens: 50 + i % 200, outputTokens: 2 + i % 7,
        tenant: "tenant-\(i % tenants)", session: "s\(i)")
    }
    let run = try replay(records, configuration: smallConfiguration(pods: 8))
    let named = run.tenants.filter { $0.offered > 0 }
    #expect(named.count == tenants)
    #expect(!run.tenants.contains { $0.name == "(other)" })
    #expect(named.allSatisfy { $0.offered == 2 && $0.completed + $0.rejected == 2 })
    #expect(run.tenants.map { $0.ttft.recorded }.reduce(0, +) == run.completed)
    // No tenant grew a full histogram (two values each), and later tenants never may.
    #expect(!run.tenants.contains { $0.ttft.isDense })
  }

  @Test func onlyTheFirstTenantsMayGrowAFullHistogram() throws {
    // Two busy tenants, one among the first `exactTenants` ids and one after them: the first
    // keeps exact percentiles at any spread, the second coarsens within its bucket budget.
    var records: [TraceRecord] = []
    for i in 0..<(TenantMetrics.exactTenants + 1) {
      records.append(TraceRecord(arrivalNanos: Int64(i) * 1_000, inputTokens: 20, outputTokens: 2, tenant: "early-\(i)"))
    }
    let start = Int64(records.count) * 1_000
    for i in 0..<1_400 {
      let tenant = i % 2 == 0 ? "early-0" : "late"
      // Arrivals in bursts of growing size, so that TTFTs spread over several decades.
      let burst = Int64(i / 20)
      records.append(
        TraceRecord(arrivalNanos: start + burst * 400_000_000, inputTokens: 200 + (i * 37) % 3_000, outputTokens: 4, tenant: tenant))
    }
    let run = try replay(records, configuration: smallConfiguration(pods: 1))
    let early = try #require(run.tenants.first { $0.name == "early-0" })
    let late = try #require(run.tenants.first { $0.name == "late" })
    #expect(early.ttft.isExact)
    #expect(!late.ttft.isDense)
    #expect(!late.ttft.isExact)
    #expect(early.ttft.isDense)
    #expect(late.ttft.recorded == late.completed)
  }
}
