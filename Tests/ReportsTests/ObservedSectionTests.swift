import Foundation
import Measurements
import Testing
import Workload
@testable import Reports

@Suite struct ObservedSectionTests {
  /// Production: pod "x" 3 requests of 2 MU, "y" 2 of 1 MU, "z" 1 of 2 MU (10 MU); one record without a pod.
  /// TTFT 100..700 ms, e2e 1 s each; cached 500 of 1,000 tokens on every record (50%); one timeout.
  static var observed: ObservedMetrics {
    var observed = ObservedMetrics()
    let rows: [(String?, Double)] = [("x", 2), ("y", 1), ("x", 2), ("z", 2), ("y", 1), ("x", 2), (nil, 1)]
    for (i, (pod, mu)) in rows.enumerated() {
      observed.record(
        ObservedOutcome(cachedTokens: 500, pod: pod, ttftMillis: Double(100 * (i + 1)), e2eMillis: 1_000, status: i == 6 ? .timeout : .ok),
        inputTokens: 1_000, mu: mu)
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

  @Test func sectionAndFileAreAbsentWithoutObservations() {
    let report = ReportSnapshotTests.report
    #expect(ObservedSection.render(report).isEmpty)
    #expect(!report.files().contains { $0.name == "observed.csv" })
  }
}
