import Measurements
import Testing
@testable import Reports
@testable import Verdicts

/// Points built by hand with only the metrics the objective reads.
func sweepPoint(
  policy: String = "mu-subset", subset: Int?, pods: Int = 8, hit: Double, imbalance: Double, spill: Double,
  ttft: Double = 100, blast: Double = 0.2, rejects: Double = 0, ttftAll: Double? = nil
) -> SweepResult {
  SweepResult(
    policy: policy, subsetSize: subset.map(String.init), subsetSizeMax: subset, pods: pods,
    spill: subset == nil ? nil : "global", muPerMinute: 100,
    metrics: [
      SummaryMetric(.requests, 1_000, digits: 0), SummaryMetric(.rejected, rejects * 1_000, digits: 0),
      SummaryMetric(.rejectRate, rejects, digits: 4), SummaryMetric(.routingRejectRate, rejects, digits: 4),
      SummaryMetric(.spillRate, spill, digits: 4),
      SummaryMetric(.ttftP99Ms, ttft, digits: 1), SummaryMetric(.ttftP99AllMs, ttftAll ?? ttft, digits: 1), SummaryMetric(.cacheHitRate, hit, digits: 4),
      SummaryMetric(.imbalanceP99, imbalance, digits: 3), SummaryMetric(.blastRadius, blast, digits: 4),
    ])
}

@Suite struct SweepObjectiveTests {
  @Test func defaultPicksTheBestCacheHitWithinTheConstraints() throws {
    let points = [
      sweepPoint(subset: 1, hit: 0.80, imbalance: 2.10, spill: 0.01),  // too imbalanced
      sweepPoint(subset: 2, hit: 0.70, imbalance: 1.40, spill: 0.08),  // spills too much
      sweepPoint(subset: 4, hit: 0.60, imbalance: 1.20, spill: 0.02),  // best feasible
      sweepPoint(subset: 8, hit: 0.50, imbalance: 1.05, spill: 0.00),
    ]
    let choice = try #require(SweepObjective().choose(points))
    #expect(choice == SweepChoice(index: 2, meetsConstraints: true, feasibleCount: 2))
  }

  @Test func tiesGoToTheSmallerSubset() throws {
    // 0.61234 and 0.61229 both show as 0.6123: a tie, so subset 2 wins over subset 8 although it is later.
    let points = [
      sweepPoint(subset: 8, hit: 0.61234, imbalance: 1.1, spill: 0),
      sweepPoint(subset: 2, hit: 0.61229, imbalance: 1.1, spill: 0),
      sweepPoint(policy: "p2c", subset: nil, hit: 0.6123, imbalance: 1.0, spill: 0),  // reaches all 8 pods
    ]
    #expect(SweepObjective().choose(points)?.index == 1)
  }

  @Test func otherGoalsReadTheirMetric() throws {
    let points = [
      sweepPoint(subset: 1, hit: 0.8, imbalance: 1.4, spill: 0.01, ttft: 300, blast: 0.1),
      sweepPoint(subset: 2, hit: 0.7, imbalance: 1.2, spill: 0.01, ttft: 200, blast: 0.2),
      sweepPoint(subset: 4, hit: 0.6, imbalance: 1.1, spill: 0.01, ttft: 250, blast: 0.3),
    ]
    #expect(SweepObjective(goal: .minP99TTFT).choose(points)?.index == 1)
    #expect(SweepObjective(goal: .minImbalance).choose(points)?.index == 2)
    #expect(SweepObjective(goal: .minBlastRadius, maxImbalanceOverBest: nil).choose(points)?.index == 0)
    #expect(SweepObjective(goal: .maxCacheHit, maxImbalance: 1.3).choose(points)?.index == 1)
  }

  @Test func withNoFeasiblePointTheClosestIsNamed() throws {
    // Violations: (1.8 - 1.5) / 1.5 = 0.2; (1.6 - 1.5) / 1.5 + (0.06 - 0.05) / 0.05 = 0.0667 + 0.2 = 0.2667;
    // (0.0575 - 0.05) / 0.05 = 0.15 -> the third.
    let points = [
      sweepPoint(subset: 1, hit: 0.9, imbalance: 1.8, spill: 0.0),
      sweepPoint(subset: 2, hit: 0.8, imbalance: 1.6, spill: 0.06),
      sweepPoint(subset: 4, hit: 0.7, imbalance: 1.2, spill: 0.0575),
    ]
    let objective = SweepObjective(maxImbalance: 1.5)
    #expect(abs(objective.violation(points[1]) - (0.1 / 1.5 + 0.2)) < 1e-9)
    let choice = try #require(objective.choose(points))
    #expect(choice == SweepChoice(index: 2, meetsConstraints: false, feasibleCount: 0))
  }

  @Test func rejectRateConstraintAndNoConstraints() {
    let points = [
      sweepPoint(subset: 1, hit: 0.9, imbalance: 3, spill: 0.5, rejects: 0.2),
      sweepPoint(subset: 2, hit: 0.8, imbalance: 3, spill: 0.5, rejects: 0.0),
    ]
    // Without any limit the higher hit rate wins; the default 1% reject limit rules point 0 out.
    #expect(SweepObjective(maxImbalance: nil, maxSpillRate: nil, maxRejectRate: nil).choose(points)?.index == 0)
    #expect(SweepObjective(maxImbalance: nil, maxSpillRate: nil).choose(points)?.index == 1)
    #expect(SweepObjective().choose([]) == nil)
  }

  @Test func descriptionStatesGoalConstraintsAndTies() {
    #expect(
      SweepObjectiveText.describe(SweepObjective())
        == "maximise cache hit rate subject to imbalance p99 <= 1.25 x the best point's and spill rate <= 0.05 and reject rate (oversized excluded) <= 0.01; ties to the smaller subset"
    )
    #expect(
      SweepObjectiveText.describe(SweepObjective(maxImbalance: 1.5))
        == "maximise cache hit rate subject to imbalance p99 (the max below 100 windows) <= 1.5 and spill rate <= 0.05 and reject rate (oversized excluded) <= 0.01; ties to the smaller subset"
    )
    #expect(
      SweepObjectiveText.describe(SweepObjective(goal: .minP99TTFT, maxImbalanceOverBest: nil, maxSpillRate: nil, maxRejectRate: nil))
        == "minimise p99 TTFT over all offered requests (a rejected one counts as slower than any); ties to the smaller subset")
  }
}
