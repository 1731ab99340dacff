import Measurements
import SimCore
import Testing

@testable import Reports

/// Many tenants: `tenants.csv` lists the busiest one by one and sums the rest in one row.
@Suite struct TenantRowsTests {
  /// `count` tenants after "(none)"; tenant i offers i + 1 requests, completes them all with a
  /// TTFT of i + 1 ms, and spills one when i is even.
  static func run(tenants count: Int) -> PolicyMetrics {
    var run = ReportSnapshotTests.handBuiltRun(policy: "p2c", ttftMillis: 100)
    run.tenants = [TenantMetrics(name: "(none)")]
    for i in 0..<count {
      var tenant = TenantMetrics(name: "t\(i)")
      tenant.offered = i + 1
      tenant.completed = i + 1
      tenant.spilled = i % 2 == 0 ? 1 : 0
      tenant.inputTokens = 10 * (i + 1)
      tenant.cachedTokens = 5 * (i + 1)
      for _ in 0...i { tenant.ttft.record(nanoseconds: Int64(i + 1) * 1_000_000, mayGrowDense: false) }
      run.tenants.append(tenant)
    }
    return run
  }

  static func report(_ runs: [PolicyMetrics]) -> ReplayReport {
    ReplayReport(source: "a.jsonl", settings: [], runs: runs, sampleInterval: .seconds(5), podCapacityMU: 10)
  }

  @Test func fewTenantsAreAllListedInOrderOfAppearance() {
    let rows = TenantRows(Self.run(tenants: 5).tenants)
    #expect(rows.listed == [1, 2, 3, 4, 5])
    #expect(rows.others == nil)
  }

  @Test func manyTenantsListTheBusiestAndSumTheRest() throws {
    let count = TenantRows.limit + 1_500
    let run = Self.run(tenants: count)
    let csv = DetailCSV.tenants(Self.report([run]))
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 1 + TenantRows.limit + 1)
    // The busiest are t1500 ... t2499 (offering 1,501 ... 2,500), listed in order of appearance.
    #expect(lines[1].hasPrefix("p2c,t1500,1501,1501,0,"))
    #expect(lines[TenantRows.limit].hasPrefix("p2c,t2499,2500,2500,0,"))
    #expect(!csv.contains("p2c,t1499,"))
    // The others t0 ... t1499 offer 1 + ... + 1,500 = 1,125,750 requests, 750 of them spilled.
    let last = try #require(lines.last)
    #expect(last.hasPrefix("p2c,other 1500 tenants,1125750,1125750,0,750,11257500,5628750,0.5,"))
    // Their TTFT merged: the median request is from tenant 1,060 or so (i + 1 ms each).
    let cells = last.split(separator: ",")
    let p50 = try #require(Double(cells[9]))
    #expect(abs(p50 - 1_061) < 3)
    let section = MarkdownReport.cacheSection(
      Self.report([
        run,
        {
          var r = run
          r.policy = "b"
          return r
        }(),
      ]))
    #expect(section.contains("`tenants.csv` lists the 1,000 busiest of 2,500 tenants and sums the other 1,500 in one row per policy."))
  }

  @Test func tiesForTheLastPlaceGoToTheFirstSeen() {
    var tenants = [TenantMetrics(name: "(none)")]
    for i in 0..<5 {
      var tenant = TenantMetrics(name: "t\(i)")
      tenant.offered = 7
      tenants.append(tenant)
    }
    let rows = TenantRows(tenants, limit: 3)
    #expect(rows.listed == [1, 2, 3])
    #expect(rows.others?.name == "other 2 tenants")
    #expect(rows.others?.offered == 14)
  }
}
