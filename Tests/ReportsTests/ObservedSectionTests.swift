import Foundation
import Measurements
import Testing
import Workload
@testable import Reports

@Suite struct ObservedSectionTests {
  /// Production: pod "x" 3 requests of 2 MU, "y" 2 of 1 MU, "z" 1 of 2 MU (10 MU); one record without a pod.
  /// TTFT 100..700 ms, e2e 1 s each, 11 output tokens (TPOT (1,000 - TTFT) / 10: 90..30 ms);
  /// cached 500 of 1,000 tokens on every record (50%); one timeout.
  static var observed: ObservedMetrics {
    var observed = ObservedMetrics()
    let rows: [(String?, Double)] = [("x", 2), ("y", 1), ("x", 2), ("z", 2), ("y", 1), ("x", 2), (nil, 1)]
    for (i, (pod, mu)) in rows.enumerated() {
      observed.record(
        ObservedOutcome(cachedTokens: 500, pod: pod, ttftMillis: Double(100 * (i + 1)), e2eMillis: 1_000, status: i == 6 ? .timeout : .ok),
        inputTokens: 1_000, outputTokens: 11, mu: mu)
    }
    return observed
  }

  static var report: ReplayReport {
    var report = ReportSnapshotTests.report
    report.observed = observed
    return report
  }

  @Test func distributionOfTheHandComputedShares() {
    // MU 6, 2, 2 of 10 -> shares 0.6, 0.2, 0.2; mean 1/3 -> max/mean 1.8, min/mean 0.6.
    let distribution = LoadDistribution(loads: [2, 6, 2])
    #expect(distribution.shares == [0.6, 0.2, 0.2])
    #expect(abs(distribution.maxOverMean - 1.8) < 1e-12)
    #expect(abs(distribution.minOverMean - 0.6) < 1e-12)
    #expect(LoadDistribution(loads: [0, 0]).maxOverMean == 0)
  }

  @Test func sampledSharesKeepBothEnds() {
    let distribution = LoadDistribution(loads: (1...100).map(Double.init))
    let sampled = distribution.sampled(16)
    #expect(sampled.count == 16)
    #expect(sampled.first == distribution.shares.first)
    #expect(sampled.last == distribution.shares.last)
  }

  @Test func sectionAndCSVMatchTheirSnapshots() throws {
    let section = ObservedSection.render(Self.report)
    try SweepReportSnapshotTests.assertSnapshot("observed-section.md", section)
    try SweepReportSnapshotTests.assertSnapshot("observed-observed.csv", ObservedSection.csv(Self.report) ?? "")
    #expect(Self.report.files().contains { $0.name == "observed.csv" })
    #expect(MarkdownReport.render(Self.report, metrics: Self.report.metrics).hasSuffix(section))
  }

  /// Observed TTFT p50 is the 4th of 100..700 (400 ms, 400.1 at the histogram's resolution), p99 the 7th;
  /// observed TPOT p50 the 4th of 30..90 (60 ms). The hand-built replays: TTFT 100 and 80 ms, TPOT 990/99 = 10 ms.
  @Test func errorTableComparesTheFleetPercentiles() {
    let section = ObservedSection.render(Self.report)
    #expect(section.contains("| TTFT | observed | 400.1 | 700.0 | 700.0 |\n"))
    #expect(section.contains("| TPOT | observed | 60.0 | 90.0 | 90.0 |\n"))
    #expect(section.contains("| TTFT | p2c (replay) | 100.0 (-75.0%) | 100.0 (-85.7%) | 100.0 (-85.7%) |\n"))
    #expect(section.contains("| TPOT | mu-least (replay) | 10.0 (-83.3%) | 10.0 (-88.9%) | 10.0 (-88.9%) |\n"))
    #expect(section.contains("its replayed TPOT p90 is 88.9% below observed."))
  }

  @Test func sectionAndFileAreAbsentWithoutObservations() {
    let report = ReportSnapshotTests.report
    #expect(ObservedSection.render(report).isEmpty)
    #expect(!report.files().contains { $0.name == "observed.csv" })
  }
}
