import Fleet
import Testing

@Suite struct MUCostModelTests {
  let profile = CostProfile(
    name: "hand", fixedMillis: 10, prefillTokenMillis: 0.5, prefillAttentionMillis: 0.001,
    prefillContextMillis: 0.01, decodeFixedMillis: 6, decodeRequestMillis: 2, decodeContextMillis: 0.001,
    kvCapacityBlocks: 100, operatingBatch: 4)

  @Test func handComputedRequest() {
    // in 100, cached 40, out 10, B* = 4:
    // prefill = 0.5*60 + 0.001*60*100 + 0.01*100 = 30 + 6 + 1 = 37 ms
    // decode  = 10*((10+6)/4 + 2) + 0.001*(10*100 + 10*11/2) = 60 + 1.055 = 61.055 ms
    // total 98.055 ms; at C_MU = 60 MU/min one MU is one replica-second: 0.098055 MU.
    let model = MUCostModel(profile: profile, muPerMinute: 60)
    #expect(abs(model.replicaSeconds(inputTokens: 100, cachedTokens: 40, outputTokens: 10) - 0.098055) < 1e-12)
    #expect(abs(model.mu(inputTokens: 100, cachedTokens: 40, outputTokens: 10) - 0.098055) < 1e-12)
    // At the default 100 MU/min: 0.098055 * 100/60 = 0.163425.
    let standard = MUCostModel(profile: profile)
    #expect(abs(standard.mu(inputTokens: 100, cachedTokens: 40, outputTokens: 10) - 0.163425) < 1e-12)
  }

  @Test func capacityIsHalfTheOperatingBatchOfReferenceRequests() {
    // Reference 100 in / 10 out, no cache: prefill = 50 + 10 + 1 = 61 ms, decode = 61.055 ms,
    // MU = 0.122055 at C_MU = 60; capacity = 4 * 0.122055 / 2 = 0.24411.
    let model = MUCostModel(profile: profile, muPerMinute: 60, referenceInputTokens: 100, referenceOutputTokens: 10)
    #expect(abs(model.podCapacityMU - 0.24411) < 1e-12)
  }

  @Test func cacheHitsAndOutputMoveCostTheDocumentedWay() {
    let model = MUCostModel(profile: .llama3_70B_H100_TP2)
    // routing-stack.md 1.2 worked example, 3500 in / 300 out, no hit:
    // prefill = 0.0799*3500 + 7.44e-7*3500^2 + 0.002685*3500 = 279.65 + 9.114 + 9.3975 = 298.16 ms
    // decode  = 300*((18.67+18.2106)/32 + 0.399748) + 6.11343e-5*(300*3500 + 300*301/2) = 465.68 + 66.95 = 532.63 ms
    // MU = 0.83079 s * 100/60 = 1.3847 (the document estimates ~1.4).
    let mu = model.mu(inputTokens: 3500, outputTokens: 300)
    #expect(abs(mu - 1.3847) < 0.001)
    #expect(model.mu(inputTokens: 3500, cachedTokens: 3000, outputTokens: 300) < mu)
    // An output token costs more than an input token.
    #expect(model.mu(inputTokens: 1000, outputTokens: 200) > model.mu(inputTokens: 1200, outputTokens: 100))
  }
}

@Suite struct PodCapacityTests {
  let profile = CostProfile(
    name: "hand", fixedMillis: 10, prefillTokenMillis: 0.5, prefillAttentionMillis: 0.001,
    prefillContextMillis: 0.01, decodeFixedMillis: 6, decodeRequestMillis: 2, decodeContextMillis: 0.001,
    kvCapacityBlocks: 100, operatingBatch: 4)

  @Test func aPodHoldsNoMoreReferenceRequestsThanItsKVMemoryFits() {
    // 100 blocks x 16 tokens = 1,600 tokens: four 100/10 requests fit, one 1,000/200 request.
    #expect(MUCostModel(profile: profile, referenceInputTokens: 100, referenceOutputTokens: 10).saturationBatch == 4)
    #expect(MUCostModel(profile: profile, referenceInputTokens: 1_000, referenceOutputTokens: 200).saturationBatch == 1)
    #expect(MUCostModel(profile: profile, referenceInputTokens: 5_000, referenceOutputTokens: 200).saturationBatch == 1)
    // 1,000/200: prefill = 500 + 1000 + 10 = 1510 ms; decode = 200*(16/4 + 2) + 0.001*(200*1000 + 200*201/2)
    // = 1200 + 220.1 = 1420.1 ms; MU at 60/min = 2.9301; one request in flight, half on average.
    let long = MUCostModel(profile: profile, muPerMinute: 60, referenceInputTokens: 1_000, referenceOutputTokens: 200)
    #expect(abs(long.podCapacityMU - 2.9301 / 2) < 1e-9)
  }

  @Test func longPromptsSaturateAPodAtMoreInFlightMUThanShortOnes() {
    let short = MUCostModel(profile: .llama3_8B_A100, referenceInputTokens: 1_024, referenceOutputTokens: 256)
    let long = MUCostModel(profile: .llama3_8B_A100, referenceInputTokens: 12_000, referenceOutputTokens: 350)
    #expect(long.podCapacityMU > 2 * short.podCapacityMU)
  }

  @Test func theReferenceShapeOfALogIsTheMeanOfItsFirstRequests() {
    let shape = RequestShape.mean(of: [(100, 10), (200, 31), (301, 0)])
    #expect(shape == RequestShape(inputTokens: 200, outputTokens: 14))
    #expect(RequestShape.mean(of: []) == .standard)
  }
}
