import Foundation
import Measurements
import SimCore
import Testing
import Workload
@testable import Reports
import Verdicts

/// Golden files for the report writers: a hand-built run whose numbers can be checked by eye.
/// Set RECORD_SNAPSHOTS=1 to rewrite the files after a deliberate change, then review the diff.
@Suite struct ReportSnapshotTests {
  static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")

  func assertSnapshot(_ file: ReportFile, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Self.snapshots.appendingPathComponent("replay-" + file.name.replacingOccurrences(of: "/", with: "-"))
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try file.contents.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(file.contents == expected, "snapshot \(url.lastPathComponent) differs", sourceLocation: sourceLocation)
  }

  /// Two pods, two windows of 10 s, samples every 5 s.
  /// p0 samples 4, 6 (w0) and 10, 10 (w1); p1 samples 2, 2 (w0) and 0, 2 (w1).
  /// Window means: w0 p0 5, p1 2 -> max/mean = 5/3.5 = 1.429; w1 p0 10, p1 1 -> 10/5.5 = 1.818.
  /// Prefill holds 80% of p0's MU and 25% of p1's: p0's two saturated samples (10 s) are prefill-bound.
  static func handBuiltRun(policy: String, ttftMillis: Int64) -> PolicyMetrics {
    var run = PolicyMetrics(policy: policy, podCount: 2, window: .seconds(10))
    let samples: [(Int64, Int, Double)] = [(0, 0, 4), (5, 0, 6), (10, 0, 10), (15, 0, 10), (0, 1, 2), (5, 1, 2), (10, 1, 0), (15, 1, 2)]
    for (second, pod, mu) in samples {
      run.pods.recordSample(
        PodLoadSample(mu: mu, running: Int(mu), waiting: 0, kvUtilization: mu / 20, capacityMU: 10, prefillMU: mu * (pod == 0 ? 0.8 : 0.25)),
        pod: PodID(pod), at: SimInstant(nanoseconds: second * 1_000_000_000))
    }
    for i in 0..<4 {
      let arrival = SimInstant(nanoseconds: Int64(i) * 1_000_000_000)
      let firstToken = arrival + .milliseconds(Double(ttftMillis))
      run.offered += 1
      run.recordCompletion(
        pod: PodID(i % 2), arrival: arrival, firstScheduled: arrival + .milliseconds(5), firstToken: firstToken,
        completion: firstToken + .milliseconds(990), inputTokens: 1_000, outputTokens: 100,
        cachedTokens: i * 250, mu: 1.5)
    }
    run.offered += 1
    run.rejected += 1
    run.recordSpill(at: SimInstant(nanoseconds: 12_000_000_000), reason: .subsetAboveThreshold)
    run.simulatedDuration = .seconds(20)
    run.pods.finish()
    return run
  }

  static var report: ReplayReport {
    ReplayReport(
      source: "hand-built.jsonl.zst",
      settings: [ReportSetting("pods", "2"), ReportSetting("seed", "1")],
      notes: ["shard key: session"],
      runs: [handBuiltRun(policy: "p2c", ttftMillis: 100), handBuiltRun(policy: "mu-least", ttftMillis: 80)],
      sampleInterval: .seconds(5), podCapacityMU: 10, baseline: "p2c")
  }

  @Test func imbalanceMatchesTheHandComputation() {
    let run = Self.handBuiltRun(policy: "x", ttftMillis: 100)
    let imbalance = LoadImbalance(run.pods, sampleInterval: .seconds(5))
    // Weighted by each window's fleet MU: 7 in w0, 11 in w1.
    #expect(abs(imbalance.mean - (7 * 5.0 / 3.5 + 11 * 10.0 / 5.5) / 18) < 1e-12)
    #expect(abs(imbalance.max - 10.0 / 5.5) < 1e-12)
    #expect(imbalance.hottestPod == PodID(0))
    #expect(imbalance.hottestWindow == 1)
    // p0 samples above 9 MU (90% of 10): 10 and 10 -> 2 samples x 5 s.
    #expect(imbalance.podSecondsAbove90 == 10)
  }

  @Test func reportFilesMatchTheirSnapshots() throws {
    for file in Self.report.files() { try assertSnapshot(file) }
  }

  @Test func summaryHasOneRowPerPolicyAndStableColumns() {
    let csv = Self.report.files().first { $0.name == "summary.csv" }?.contents ?? ""
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[0].hasPrefix("policy,requests,completed,rejected,reject_rate,rejected_oversized,rejected_overload,spilled,spill_rate"))
    #expect(lines[1].hasPrefix("p2c,5,4,1,0.2,0,0,1,0.2"))
  }
}
