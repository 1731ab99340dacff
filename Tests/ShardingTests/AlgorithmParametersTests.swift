import Testing

@testable import Sharding

@Suite struct AlgorithmParametersTests {
  @Test func desiredLoadRange() {
    // 4 pods, 4000 adjusted load, hint 1000, tau 0.10: avg 1000, tol 100,
    // min existing 900, min new 1000, max 1100; empty penalty 100 * 1100.
    let parameters = AlgorithmParameters(config: .init(maxLoadHint: 1000), podCount: 4, totalAdjustedLoad: 4000)
    #expect(parameters.averageLoad == 1000)
    #expect(abs(parameters.tolerance - 100) < 1e-9)
    #expect(abs(parameters.minDesiredExisting - 900) < 1e-9)
    #expect(parameters.minDesiredNew == 1000)
    #expect(abs(parameters.maxDesired - 1100) < 1e-9)
    #expect(abs(parameters.emptyPenalty - 110_000) < 1e-6)
    #expect(parameters.minTotalReplicas == 128 && parameters.maxTotalReplicas == 256)
  }

  @Test func underestimatedHintIsRaisedToTheAverage() {
    // hint 500 < avg 2000, so the tolerance is 0.10 * 2000 = 200.
    let parameters = AlgorithmParameters(config: .init(maxLoadHint: 500), podCount: 2, totalAdjustedLoad: 4000)
    #expect(abs(parameters.tolerance - 200) < 1e-9)
  }

  @Test func undershootBeatsChurnOnlyWhenFarEnoughBelow() {
    // Dicer's comment: 10 below a minimum of 1000 costs 1.01^2 * 10 * 4 = 40.804, more than
    // moving a 100-load slice (0.25 * 100 = 25); 1 below costs 1.001^2 * 1 * 4 = 4.008, less.
    var config = ShardingConfiguration(maxLoadHint: 1000)
    config.imbalanceTolerance = 0
    let parameters = AlgorithmParameters(config: config, podCount: 1, totalAdjustedLoad: 1000)
    let tenBelow = parameters.resourcePenalty(load: 990, isEmpty: false, isNew: true)
    let oneBelow = parameters.resourcePenalty(load: 999, isEmpty: false, isNew: true)
    #expect(abs(tenBelow - 40.804) < 1e-9)
    #expect(abs(oneBelow - 4.008004) < 1e-9)
    #expect(tenBelow > 0.25 * 100 && oneBelow < 0.25 * 100)
  }

  @Test func overshootAndEmptyPenalties() {
    // max 1100: at 1210, (1210 / 1100)^2 * 110 * 16 = 1.21 * 1760 = 2129.6; in band, 0.
    let parameters = AlgorithmParameters(config: .init(maxLoadHint: 1000), podCount: 4, totalAdjustedLoad: 4000)
    #expect(abs(parameters.resourcePenalty(load: 1210, isEmpty: false, isNew: false) - 2129.6) < 1e-6)
    #expect(parameters.resourcePenalty(load: 1000, isEmpty: false, isNew: false) == 0)
    #expect(parameters.resourcePenalty(load: 1000, isEmpty: true, isNew: false) == parameters.emptyPenalty)
  }
}
