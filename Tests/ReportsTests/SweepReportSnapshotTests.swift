import Foundation
import Testing
@testable import Reports
import Verdicts

/// Golden files for the sweep writers, from hand-made points.
@Suite struct SweepReportSnapshotTests {
  static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

  static func assertSnapshot(_ name: String, _ contents: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = snapshots.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try contents.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(contents == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
  }

  /// Subset sizes 1, 2, 4 under mu-subset and a p2c reference; subset 2 is the best feasible point
  /// (the imbalance limit is 1.25 x p2c's 1.1 = 1.375).
  static var report: SweepReport { report(objective: SweepObjective()) }

  static func report(objective: SweepObjective) -> SweepReport {
    SweepReport(
      source: "hand-made.jsonl.zst", settings: [ReportSetting("profile", "llama-3-8b-a100"), ReportSetting("seed", "1")],
      points: [
        sweepPoint(subset: 1, hit: 0.8123, imbalance: 1.91, spill: 0.031, ttft: 410.5, blast: 0.125),
        sweepPoint(subset: 2, hit: 0.7456, imbalance: 1.32, spill: 0.012, ttft: 250.25, blast: 0.25),
        sweepPoint(subset: 4, hit: 0.6011, imbalance: 1.11, spill: 0.0, ttft: 240, blast: 0.5),
        sweepPoint(policy: "p2c", subset: nil, hit: 0.3, imbalance: 1.1, spill: 0, ttft: 380, blast: 1, rejects: 0.002),
      ],
      objective: objective)
  }

  @Test func sweepFilesMatchTheirSnapshots() throws {
    for file in Self.report.files() {
      try Self.assertSnapshot("sweep-" + file.name.replacingOccurrences(of: "/", with: "-"), file.contents)
    }
  }

  @Test func limitsFarPastTheDataRender() {
    // `--max-imbalance 1e300` is a limit no point can break: every file renders, the chart too.
    let report = Self.report(objective: SweepObjective(maxImbalance: 1e300, maxSpillRate: 1e300, maxRejectRate: .greatestFiniteMagnitude))
    let files = report.files()
    #expect(files.contains { $0.name.hasSuffix(".svg") && $0.contents.contains("</svg>") })
  }

  @Test func markdownNamesTheRecommendedPointAndWhy() {
    let markdown = Self.report.files().first { $0.name == "sweep.md" }?.contents ?? ""
    #expect(markdown.contains("Recommended: **point 2 (mu-subset, subset size 2, 8 pods, spill global, 100 MU/min)**"))
    #expect(markdown.contains("among the 3 of 4 points that meet the constraints"))
  }

  @Test func withNoFeasiblePointTheReportSaysSo() {
    let report = Self.report(objective: SweepObjective(maxImbalance: 1.01))
    let markdown = SweepMarkdown.render(report)
    // Violations: 0.891, 0.307, 0.099, 0.040 -> p2c is closest.
    #expect(markdown.contains("No point meets the constraints. Closest: **point 4 (p2c, 8 pods, 100 MU/min)**"))
    #expect(markdown.contains("imbalance p99 (the max below 100 windows) 1.1 (limit 1.01)"))
  }

  @Test func csvHasStableLeadingColumns() {
    let csv = SweepCSV.render(Self.report)
    let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0].hasPrefix("point,policy,subset_size,pods,spill,mu_per_minute,meets_constraints,recommended,requests,"))
    #expect(lines[2].hasPrefix("2,mu-subset,2,8,global,100,1,1,"))
    #expect(lines[4].hasPrefix("4,p2c,,8,,100,1,0,"))
  }
}
