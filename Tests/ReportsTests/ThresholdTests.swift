import Testing
@testable import Reports
@testable import Verdicts

@Suite struct ThresholdTests {
  let known = ["spill_rate", "ttft_p99_ms", "rejected"]

  @Test func parsesOperatorsIncludingTwoCharacterOnes() throws {
    let t = try Threshold(parsing: "spill_rate >= 0.02", knownMetrics: known)
    #expect(t.metric == .spillRate && t.comparison == .greaterOrEqual && t.value == 0.02 && t.policy == nil)
    let u = try Threshold(parsing: "mu-subset:ttft_p99_ms<2000", knownMetrics: known)
    #expect(u.policy == "mu-subset" && u.comparison == .less && u.value == 2000)
  }

  @Test func breachIsExactlyWhenTheExpressionHolds() throws {
    let t = try Threshold(parsing: "spill_rate > 0.02", knownMetrics: known)
    #expect(!t.isBreached(by: 0.02))
    #expect(t.isBreached(by: 0.0201))
  }

  @Test func errorsNameTheProblem() {
    #expect(throws: ThresholdError.self) { try Threshold(parsing: "spill_rate 0.02", knownMetrics: known) }
    do {
      _ = try Threshold(parsing: "spil_rate > 1", knownMetrics: known)
    } catch {
      #expect(error.description.contains("unknown metric 'spil_rate'"))
    }
    do {
      _ = try Threshold(parsing: "spill_rate > lots", knownMetrics: known)
    } catch {
      #expect(error.description.contains("'lots' is not a number"))
    }
  }

  @Test func breachesAreFoundPerPolicy() throws {
    let report = ReportSnapshotTests.report
    let all = try Threshold(parsing: "ttft_p99_ms > 90", knownMetrics: ["ttft_p99_ms"])
    let breaches = Threshold.breaches(of: [all], in: report.measuredRows)
    #expect(breaches.map(\.policy) == ["p2c"])
    let scoped = try Threshold(parsing: "mu-least:rejected >= 1", knownMetrics: ["rejected"])
    #expect(Threshold.breaches(of: [scoped], in: report.measuredRows).map(\.policy) == ["mu-least"])
  }

  @Test func aThresholdThatCannotFireIsRejected() throws {
    let scoped = try Threshold(parsing: "mu-subset:spill_rate > 0.02", knownMetrics: known)
    #expect(throws: ThresholdError.self) { try scoped.validate(policies: ["p2c"], metrics: known) }
    try scoped.validate(policies: ["p2c", "mu-subset"], metrics: known)
    let admission = try Threshold(parsing: "admission_rejects > 0", knownMetrics: SummaryMetrics.names)
    #expect(throws: ThresholdError.self) {
      try admission.validate(policies: ["p2c"], metrics: SummaryMetrics.names(withAdmission: false))
    }
    try admission.validate(policies: ["p2c"], metrics: SummaryMetrics.names(withAdmission: true))
  }
}
