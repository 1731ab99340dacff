import Measurements
import SimCore
import Testing
import Workload
@testable import Reports
import Verdicts

/// Issue 15 items 8 and 9: report.md opens with overload when there is one, then a verdict per
/// policy with its trade-offs, warnings and what an MU is; changes say whether they are
/// relative or percentage points; the version, command line and thresholds are recorded.
@Suite struct VerdictReportTests {
  static func markdown(_ report: ReplayReport) -> String {
    report.files().first { $0.name == "report.md" }?.contents ?? ""
  }

  /// The snapshot's two runs, with the mu-least one spilling 10% and one request beyond a day.
  static var report: ReplayReport {
    var report = ReportSnapshotTests.report
    for i in 0..<10 { report.runs[1].recordSpill(at: SimInstant(nanoseconds: Int64(i) * 1_000_000_000), reason: .subsetAboveThreshold) }
    report.runs[1].offered += 45
    report.runs[1].e2e.record(nanoseconds: 30 * 3_600_000_000_000)
    report.invocation = ReportInvocation(tool: "muroute 9.9.9", arguments: ["muroute", "replay", "a log.jsonl", "--fail-if", "spill_rate > 0.1"])
    report.thresholds = [try! Threshold(parsing: "spill_rate > 0.1", knownMetrics: SummaryMetrics.names)]
    report.breaches = Threshold.breaches(of: report.thresholds, in: report.measuredRows)
    return report
  }

  @Test func theReportOpensWithAVerdictPerPolicyAgainstTheBaseline() {
    let text = Self.markdown(Self.report)
    let opening = text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst().first ?? ""
    #expect(opening.hasPrefix("**Verdict** against **p2c**"))
    #expect(
      text.contains(
        "- **mu-least**: the same cache hit rate (37.5%), pays 22.0% of requests spilled, imbalance max 1.82 (within 0.5%), TTFT p99 80.0 ms (-20%, better), rejects 1."
      ))
    #expect(text.contains("**mu-least** spills 22.0% of requests out of their preferred pods (above 5%)"))
    #expect(text.contains("**mu-least**: 1 request took longer than 24 h"))
    #expect(text.contains("MU (model unit): "))
  }

  @Test func changesAreMarkedAndNoCellCarriesAZeroChange() {
    let text = Self.markdown(Self.report)
    #expect(!text.contains("(+0%)") && !text.contains("(-0%)"))
    // Spill rate 22% against 20%: a share moves in percentage points.
    #expect(text.contains("| 22.0% (+2.0 pp) |"))
    #expect(!text.contains("(+0.0 pp)"))
    #expect(text.contains("`pp` marks percentage points"))
  }

  @Test func versionCommandLineAndThresholdsAreRecorded() {
    let report = Self.report
    let text = Self.markdown(report)
    #expect(text.contains("- **produced by**: muroute 9.9.9: `muroute replay 'a log.jsonl' --fail-if 'spill_rate > 0.1'`"))
    #expect(text.contains("| `spill_rate > 0.1` | p2c (spill_rate = 0.2), mu-least (spill_rate = 0.22) |"))
    let json = report.files().first { $0.name == "summary.json" }?.contents ?? ""
    #expect(json.contains("\"tool\": \"muroute 9.9.9\""))
    #expect(json.contains("\"breached\": true"))
    #expect(json.contains("{\"policy\": \"mu-least\", \"actual\": 0.22}"))
  }

  @Test func anOverloadedRunOpensTheReportWithThePodsTheTrafficNeeds() {
    var run = PolicyMetrics(policy: "p2c", podCount: 2, window: .seconds(60))
    run.muPerPodMinute = 100
    for w in 0..<8 {
      let time = SimInstant(nanoseconds: Int64(w) * 60_000_000_000)
      for p in 0..<2 {
        run.pods.recordSample(PodLoadSample(mu: 50, running: 4, waiting: w * 3, kvUtilization: 0.5, capacityMU: 40), pod: PodID(p), at: time)
      }
      run.recordArrival(at: time, mu: 450)
      run.offered += 1
    }
    run.simulatedDuration = .seconds(8 * 60)
    run.pods.finish()
    let report = ReplayReport(source: "x", settings: [], runs: [run], sampleInterval: .seconds(60), podCapacityMU: 40)
    let text = Self.markdown(report)
    let opening = text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst().first ?? ""
    #expect(opening.hasPrefix("**Overload: the fleet could not keep up** under **p2c** (every policy)."))
    #expect(opening.contains("needs **5 pods** (this run has 2)"))
    #expect(opening.contains("Latency rankings below are dominated by the backlog"))
    let csv = report.files().first { $0.name == "summary.csv" }?.contents ?? ""
    #expect(csv.contains("overloaded"))
  }

  /// A policy that falls behind while another keeps up on the same fleet: the opening blames
  /// the routing and names who kept up, instead of asking for pods the other policy did without.
  @Test func anOverloadUnderOnePolicyOnlyIsBlamedOnItsRouting() {
    func run(_ policy: String, waitingGrows: Bool) -> PolicyMetrics {
      var run = PolicyMetrics(policy: policy, podCount: 2, window: .seconds(60))
      run.muPerPodMinute = 100
      for w in 0..<8 {
        let time = SimInstant(nanoseconds: Int64(w) * 60_000_000_000)
        for p in 0..<2 {
          let sample = PodLoadSample(mu: 50, running: 4, waiting: waitingGrows ? w * 3 : 0, kvUtilization: 0.5, capacityMU: 40)
          run.pods.recordSample(sample, pod: PodID(p), at: time)
        }
        run.recordArrival(at: time, mu: 150)
        run.offered += 1
      }
      run.simulatedDuration = .seconds(8 * 60)
      run.pods.finish()
      return run
    }
    let report = ReplayReport(
      source: "x", settings: [], runs: [run("p2c", waitingGrows: false), run("prefix-aware", waitingGrows: true)],
      sampleInterval: .seconds(60), podCapacityMU: 40)
    let text = Self.markdown(report)
    let opening = text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst().first ?? ""
    #expect(opening.hasPrefix("**Overload under prefix-aware only: the routing, not the fleet's size.**"))
    #expect(opening.contains("**p2c** kept up with the same 2 pods and traffic"))
    #expect(!opening.contains("needs **"))
    #expect(!opening.contains("Latency rankings below are dominated by the backlog"))
  }

  @Test func aTriviallyFullTenantShareIsLeftOutAndExplained() {
    var report = ReportSnapshotTests.report
    for i in report.runs.indices {
      report.runs[i].servedBlastRadius = [
        ShardingMetrics.PodBlast(pod: PodID(0), keySpaceShare: 0, loadShare: 0.6, keyShare: 0.5, tenantShare: 1),
        ShardingMetrics.PodBlast(pod: PodID(1), keySpaceShare: 0, loadShare: 0.4, keyShare: 0.5, tenantShare: 1),
      ]
    }
    let text = Self.markdown(report)
    #expect(!text.contains("| max tenant share |"))
    #expect(text.contains("Max tenant share is left out"))
  }

  @Test func imbalanceIsNamedForTheStatisticItIs() {
    let text = Self.markdown(ReportSnapshotTests.report)
    #expect(text.contains("| imbalance max |"))
    #expect(!text.contains("imbalance p99 |"))
    #expect(text.contains("docs/reports.md#hotspots"))
  }
}
