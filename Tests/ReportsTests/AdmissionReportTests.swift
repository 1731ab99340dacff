import Measurements
import SimCore
import Testing
@testable import Reports

/// The admission columns and the "Admission" section of report.md.
@Suite struct AdmissionReportTests {
  /// Tenant 1 "acme" (50 MU/min): 10 offered, 6 reserved (3 MU), 1 best effort (0.5 MU), 3 refused (1.5 MU).
  /// Tenant 2 "globex" (no contract): 4 offered, 4 best effort (2 MU).
  /// Totals: 14 offered, 3 refused -> rate 3/14 = 0.2143; best-effort share (0.5 + 2) / (3 + 0.5 + 2) = 0.4545.
  static func run() -> PolicyMetrics {
    var run = ReportSnapshotTests.handBuiltRun(policy: "p2c", ttftMillis: 100)
    var acme = TenantAdmissionMetrics(name: "acme", reservedMUPerMinute: 50)
    acme.offered = 10
    acme.admittedReserved = 6
    acme.reservedMU = 3
    acme.admittedBestEffort = 1
    acme.bestEffortMU = 0.5
    acme.rejected = 3
    acme.rejectedMU = 1.5
    for wait in [100, 200, 300] { acme.retryAfter.record(nanoseconds: Int64(wait) * 1_000_000) }
    var globex = TenantAdmissionMetrics(name: "globex")
    globex.offered = 4
    globex.admittedBestEffort = 4
    globex.bestEffortMU = 2
    run.admission = AdmissionMetrics(tenants: [TenantAdmissionMetrics(name: "(none)"), acme, globex])
    run.tenants = [TenantMetrics(name: "(none)"), TenantMetrics(name: "acme"), TenantMetrics(name: "globex")]
    run.tenants[1].offered = 10
    run.tenants[2].offered = 4
    return run
  }

  static func report(_ runs: [PolicyMetrics]) -> ReplayReport {
    ReplayReport(source: "a.jsonl", settings: [], runs: runs, sampleInterval: .seconds(5), podCapacityMU: 10)
  }

  @Test func summaryGainsAdmissionColumnsOnlyWithContracts() throws {
    let with = SummaryMetrics.metrics(of: Self.run(), sampleInterval: .seconds(5))
    let value = { (name: String) in with.first { $0.name == name }?.value }
    #expect(value("admission_rejects") == 3)
    #expect(abs((value("admission_reject_rate") ?? 0) - 3.0 / 14) < 1e-12)
    #expect(abs((value("best_effort_share") ?? 0) - 2.5 / 5.5) < 1e-12)
    #expect(value("admission_retry_after_p99_ms") == 300)
    let without = SummaryMetrics.metrics(
      of: ReportSnapshotTests.handBuiltRun(policy: "p2c", ttftMillis: 100), sampleInterval: .seconds(5))
    #expect(!without.contains { $0.name.hasPrefix("admission_") })
    #expect(SummaryMetrics.names.contains("admission_rejects"))
  }

  @Test func tenantsCSVAndSectionNameTheWorstTenant() {
    let report = Self.report([Self.run()])
    let csv = DetailCSV.tenants(report)
    #expect(csv.hasPrefix("policy,tenant,offered,completed,rejected,spilled,input_tokens,cached_tokens,hit_rate,ttft_p50_ms,ttft_p99_ms,reserved_mu_per_min,"))
    #expect(csv.contains("p2c,acme,10,0,0,0,0,0,0,0,0,50,6,1,3,0.5,3,1.5,0,0,0,300"))
    #expect(csv.contains("p2c,globex,4,0,0,0,0,0,0,0,0,,0,4,0,2,0,0,0,0,0,0"))
    let section = MarkdownReport.admissionSection(report)
    #expect(section.contains("Most refused tenant: **acme** under **p2c**, 3 of 10 requests (30.0%)"))
    #expect(section.contains("| globex | best effort | 4 | 0 | 4 | 0 | 0.0% | 0 | 0 |"))
    #expect(MarkdownReport.admissionSection(Self.report([ReportSnapshotTests.handBuiltRun(policy: "p2c", ttftMillis: 100)])).isEmpty)
  }
}
