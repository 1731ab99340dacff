import Fleet
import Testing
import Workload

@testable import Replay

/// The request cost predictor alone: a predicted shape priced by the cost model.
@Suite struct RequestCostPredictorTests {
  static let model = smallConfiguration(pods: 1).costModel

  static func record(input: Int, output: Int, maxTokens: Int? = nil) -> TraceRecord {
    TraceRecord(arrivalNanos: 0, inputTokens: input, outputTokens: output, maxTokens: maxTokens)
  }

  @Test func theOraclePricesTheLoggedAnswer() {
    let predictor = MURequestCostPredictor(costModel: Self.model, outputs: .oracle)
    let cost = predictor.predict(Self.record(input: 500, output: 40), tenant: 0)
    #expect(cost.outputTokens == 40)
    #expect(cost.estimatedMU == Self.model.mu(inputTokens: 500, cachedTokens: 0, outputTokens: 40))
    #expect(cost.prefillMU == Self.model.mu(inputTokens: 500, cachedTokens: 0, outputTokens: 0))
    #expect(predictor.predict(Self.record(input: 500, output: 0), tenant: 0).outputTokens == 1)
  }

  @Test func theTenantMeanLearnsFromFinishedRequestsAndIsCappedByMaxTokens() {
    var predictor = MURequestCostPredictor(costModel: Self.model, outputs: .tenantMean)
    // Nothing finished yet: the initial guess (256), capped by max_tokens.
    #expect(predictor.predict(Self.record(input: 100, output: 10), tenant: 1).outputTokens == 256)
    #expect(predictor.predict(Self.record(input: 100, output: 10, maxTokens: 64), tenant: 1).outputTokens == 64)
    predictor.observe(tenant: 1, outputTokens: 30)
    let cost = predictor.predict(Self.record(input: 100, output: 999), tenant: 1)
    #expect(cost.outputTokens == 30)
    #expect(cost.estimatedMU == Self.model.mu(inputTokens: 100, cachedTokens: 0, outputTokens: 30))
  }

  @Test func actualCostCountsTheCachedPrefix() {
    let predictor = MURequestCostPredictor(costModel: Self.model, outputs: .oracle)
    let cold = predictor.actualMU(inputTokens: 1_000, cachedTokens: 0, outputTokens: 10)
    let warm = predictor.actualMU(inputTokens: 1_000, cachedTokens: 800, outputTokens: 10)
    #expect(warm < cold)
    #expect(warm == Self.model.mu(inputTokens: 1_000, cachedTokens: 800, outputTokens: 10))
  }
}
