import Measurements
import SimCore
import Testing
import Workload
@testable import Reports
import Verdicts

/// Issue 15 item 6: a point cannot buy latency by rejecting, oversized requests do not count
/// against routing, the default imbalance limit is reachable, and the chart shows rejections.
@Suite struct SweepCountsEveryoneTests {
  /// A run of `offered` requests, `completed` of them with TTFT `ttftMillis`, the rest rejected
  /// (`oversized` of them as oversized).
  static func run(offered: Int, completed: Int, ttftMillis: Double, oversized: Int = 0) -> PolicyMetrics {
    var run = PolicyMetrics(policy: "mu-subset", podCount: 2, window: .seconds(10))
    run.offered = offered
    for i in 0..<completed {
      let arrival = SimInstant(nanoseconds: Int64(i) * 1_000_000)
      let first = arrival + .milliseconds(ttftMillis)
      run.recordCompletion(
        pod: PodID(i % 2), arrival: arrival, firstScheduled: arrival, firstToken: first, completion: first + .milliseconds(10),
        inputTokens: 100, outputTokens: 10, cachedTokens: 0, mu: 1)
    }
    run.rejected = offered - completed
    run.oversized = oversized
    return run
  }

  static func point(_ run: PolicyMetrics, subset: Int) -> SweepResult {
    SweepResult(
      policy: "mu-subset", subsetSize: String(subset), subsetSizeMax: subset, pods: 8, spill: "queue", muPerMinute: 100,
      metrics: SummaryMetrics.metrics(of: run, sampleInterval: .seconds(1)))
  }

  @Test func rejectingDoesNotBuyTheLowestP99() throws {
    // Point 1 rejects 20% and serves the rest in 100 ms; point 2 serves everyone in 200 ms.
    let rejecting = Self.point(Self.run(offered: 1_000, completed: 800, ttftMillis: 100), subset: 1)
    let serving = Self.point(Self.run(offered: 1_000, completed: 1_000, ttftMillis: 200), subset: 2)
    #expect(rejecting.value(.ttftP99AllMs) == .infinity)
    let objective = SweepObjective(goal: .minP99TTFT, maxImbalanceOverBest: nil, maxSpillRate: nil, maxRejectRate: nil)
    #expect(objective.choose([rejecting, serving])?.index == 1)
  }

  @Test func oversizedRequestsDoNotBreakTheRejectConstraint() {
    // 5% oversized, no routing reject: the default 1% reject limit holds.
    let point = Self.point(Self.run(offered: 1_000, completed: 950, ttftMillis: 100, oversized: 50), subset: 2)
    #expect(point.value(.routingRejectRate) == 0)
    #expect(SweepObjective(maxImbalanceOverBest: nil).meets(point))
    // ... and TTFT over all offered leaves them out too.
    #expect(point.value(.ttftP99AllMs).isFinite)
  }

  @Test func theDefaultImbalanceLimitIsRelativeSoSomePointMeetsIt() throws {
    // Mooncake at 16 pods: every policy's imbalance is above 5 (large requests, 60 windows).
    let points = [
      sweepPoint(subset: 1, hit: 0.167, imbalance: 6.48, spill: 0.254),
      sweepPoint(subset: 2, hit: 0.178, imbalance: 6.03, spill: 0.088),
      sweepPoint(subset: 4, hit: 0.173, imbalance: 6.09, spill: 0.018),
      sweepPoint(subset: 8, hit: 0.168, imbalance: 5.56, spill: 0.0002),
    ]
    let choice = try #require(SweepObjective().choose(points))
    #expect(choice == SweepChoice(index: 2, meetsConstraints: true, feasibleCount: 2))
    let report = SweepReport(source: "x", settings: [], points: points, objective: SweepObjective())
    #expect(report.objective.maxImbalance == 1.25 * 5.56)
    #expect(SweepMarkdown.render(report).contains("Recommended: **point 3"))
  }

  @Test func theTradeOffChartHasARejectPanelAndSkipsInfiniteLatency() {
    var points = SweepReportSnapshotTests.report.points
    points.append(sweepPoint(subset: 8, hit: 0.5, imbalance: 1.1, spill: 0, rejects: 0.2, ttftAll: .infinity))
    let svg = SweepChart.render(SweepReport(source: "x", settings: [], points: points, objective: SweepObjective()))
    #expect(svg.contains("Reject rate (oversized excluded)"))
    #expect(!svg.contains("inf") && !svg.contains("nan"))
  }

  @Test func sweepJSONWritesNullForAnInfiniteP99() {
    let point = sweepPoint(subset: 1, hit: 0.5, imbalance: 1, spill: 0, rejects: 0.2, ttftAll: .infinity)
    let report = SweepReport(source: "x", settings: [], points: [point], objective: SweepObjective())
    let json = SweepJSON.render(report)
    #expect(json.contains("\"ttft_p99_all_ms\": null"))
  }
}
