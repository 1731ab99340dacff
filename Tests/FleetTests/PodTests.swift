import Fleet
import SimCore
import Testing
import Workload

@Suite struct PodTests {
  func request(_ id: Int, at arrival: SimInstant, input: Int, output: Int, blocks: [UInt64] = [], blockTokens: Int = 0, mu: Double = 0) -> PodRequest {
    PodRequest(id: id, arrival: arrival, inputTokens: input, outputTokens: output, prefixBlocks: blocks, blockTokens: blockTokens, estimatedMU: mu)
  }

  @Test(arguments: PodSimulationMode.allCases)
  func singleRequestTimings(mode: PodSimulationMode) throws {
    // a = 10 ms, b = 1 ms/token: prefill of 100 tokens = 110 ms (token 1); each decode pass
    // costs a = 10 ms: tokens 2 and 3 at 120 and 130 ms.
    let (done, pod, _) = drive([request(1, at: .zero, input: 100, output: 3)], profile: tinyProfile(), mode: mode)
    let r = try #require(done.first)
    #expect(r.firstScheduled == .zero && r.firstToken == ms(110) && r.completion == ms(130))
    #expect(r.outputTokens == 3 && r.tpot == .milliseconds(10) && r.queueingDelay == .zero)
    #expect(pod.statistics.iterations == 3 && pod.statistics.busyTime == SimDuration.milliseconds(130))
    #expect(pod.nextEventTime == nil)
  }

  @Test(arguments: PodSimulationMode.allCases)
  func zeroOutputCompletesWithThePrefill(mode: PodSimulationMode) throws {
    let (done, _, _) = drive([request(1, at: ms(5), input: 20, output: 0)], profile: tinyProfile(), mode: mode)
    let r = try #require(done.first)
    // Treated as one token: 10 + 20 = 30 ms after arrival.
    #expect(r.firstToken == ms(35) && r.completion == ms(35))
  }

  @Test(arguments: PodSimulationMode.allCases)
  func chunkedPrefillSplitsAtTheBudget(mode: PodSimulationMode) throws {
    // Budget 64: chunks of 64 and 36 tokens: (10 + 64) + (10 + 36) = 120 ms.
    let (done, _, _) = drive([request(1, at: .zero, input: 100, output: 1)], profile: tinyProfile(budget: 64), mode: mode)
    #expect(done.first?.firstToken == ms(120))
  }

  @Test(arguments: PodSimulationMode.allCases)
  func arrivalJoinsTheNextPassBoundary(mode: PodSimulationMode) throws {
    // A: 10 in / 5 out: prefill 0-20, decodes end at 30, 40, 50, 60.
    // B arrives at 35 ms (mid-pass 30-40): joins the pass at 40 with A's decode: 10 + 20 = 30 ms,
    // ending at 70 (B done, A token 4); A's token 5 at 80.
    let requests = [request(1, at: .zero, input: 10, output: 5), request(2, at: ms(35), input: 20, output: 1)]
    let (done, _, _) = drive(requests, profile: tinyProfile(), mode: mode)
    #expect(done.map(\.id) == [2, 1])
    #expect(done.map(\.completion) == [ms(70), ms(80)])
    #expect(done[0].firstScheduled == ms(40))
  }

  @Test(arguments: PodSimulationMode.allCases)
  func arrivalAtABoundaryJoinsItAndOneNanosecondLaterWaits(mode: PodSimulationMode) throws {
    let atBoundary = [request(1, at: .zero, input: 10, output: 5), request(2, at: ms(40), input: 20, output: 1)]
    let (first, _, _) = drive(atBoundary, profile: tinyProfile(), mode: mode)
    #expect(first.first { $0.id == 2 }?.firstScheduled == ms(40))
    // At 40 ms + 1 ns it waits for the pass at 50: 50 + 30 = 80, where A also finishes;
    // retirement follows running order, A first.
    let late = [request(1, at: .zero, input: 10, output: 5), request(2, at: SimInstant(nanoseconds: 40_000_001), input: 20, output: 1)]
    let (second, _, _) = drive(late, profile: tinyProfile(), mode: mode)
    #expect(second.map(\.id) == [1, 2])
    #expect(second.map(\.completion) == [ms(80), ms(80)])
  }

  @Test(arguments: PodSimulationMode.allCases)
  func kvExhaustionPreemptsTheNewestAndRecomputes(mode: PodSimulationMode) throws {
    // Blocks of 4 tokens, 6 blocks. A and B: 8 in / 9 out (up to 16 KV tokens = 4 blocks each).
    // 0-26: both prefill (10 + 16), 2 blocks each. 26: both take a 3rd block (kv 8), 6 used.
    // Passes 26-36-46-56-66 take no block; at 66 both need a 4th (kv 12): A preempts B (newest),
    // which had 5 tokens. A runs alone: 66-76, B cannot fit its 13-token recompute (4 blocks,
    // 2 free) until A finishes its 9th token at 106. B recomputes 13 tokens: 106 + 23 = 129
    // (token 6), then 139, 149, 159 (token 9).
    let profile = tinyProfile(kvBlocks: 6, blockTokens: 4)
    let requests = [request(1, at: .zero, input: 8, output: 9), request(2, at: .zero, input: 8, output: 9)]
    let (done, pod, _) = drive(requests, profile: profile, mode: mode)
    #expect(done.map(\.id) == [1, 2])
    #expect(done.map(\.completion) == [ms(106), ms(159)])
    #expect(done[1].firstToken == ms(26) && done[1].preemptions == 1 && done[0].preemptions == 0)
    #expect(pod.statistics.preemptions == 1)
  }

  @Test(arguments: PodSimulationMode.allCases)
  func inFlightMUFallsAlongThePredictionNotTheTrueLength(mode: PodSimulationMode) throws {
    // 10 in / 50 out, predicted 5, estimate 2 MU. Prefill 0-20 ms (token 1), then a token every
    // 10 ms. The pod cannot know the 50: at 25 ms (1 of 5 predicted done) 2 * 4/5 = 1.6, at 55 ms
    // (4 done) 0.4; token 5 at 60 ms reaches the prediction, re-predicted to 5 + max(5, 32) = 37:
    // at 65 ms 2 * 32/37, at 75 ms (6 done) 2 * 31/37. (Decaying along the true length would give
    // 1.96, 1.84, 1.8 and 1.76.)
    var long = request(1, at: .zero, input: 10, output: 50, mu: 2)
    long.predictedOutputTokens = 5
    let (done, pod, loads) = drive([long], profile: tinyProfile(), mode: mode, probes: [ms(25), ms(55), ms(65), ms(75)])
    let expected = [1.6, 0.4, 2.0 * 32 / 37, 2.0 * 31 / 37]
    #expect(loads.count == 4)
    for (load, value) in zip(loads, expected) { #expect(abs(load.inFlightMU - value) < 1e-9, "\(load.inFlightMU) vs \(value)") }
    // 37 is outlived too (at 37 tokens): 37 + 37 = 74, which the request finishes before.
    #expect(pod.statistics.repredictions == 2)
    #expect(done.first?.outputTokens == 50)
    #expect(PodRequest.reprediction(generated: 5) == 37 && PodRequest.reprediction(generated: 40) == 80)
  }

  @Test func admissionChecksThePromptPlusMaxTokensOrThePrediction() {
    // 4 blocks of 4 tokens = 16 KV tokens.
    var pod = Pod(id: PodID(0), profile: tinyProfile(kvBlocks: 4, blockTokens: 4))
    // max_tokens 8: 10 + 8 - 1 = 17 tokens never fit, whatever the answer turns out to be.
    var capped = request(1, at: .zero, input: 10, output: 3)
    capped.maxTokens = 8
    let cappedAdmitted = pod.admit(capped, at: .zero)
    #expect(!cappedAdmitted)
    // No max_tokens, predicted 3: admitted although its true 8 tokens will not fit; it stops
    // where the memory ends, at 16 - 10 + 1 = 7 tokens.
    var guessed = request(2, at: .zero, input: 10, output: 8)
    guessed.predictedOutputTokens = 3
    let guessedAdmitted = pod.admit(guessed, at: .zero)
    #expect(guessedAdmitted)
    var done: [CompletedRequest] = []
    pod.advance(to: .distantFuture, into: &done)
    #expect(done.map(\.outputTokens) == [7])
    #expect(pod.statistics.rejectedOversized == 1 && pod.statistics.truncatedAtKV == 1)
  }

  @Test func oversizedRequestsAreRefused() {
    var pod = Pod(id: PodID(0), profile: tinyProfile(kvBlocks: 4, blockTokens: 4))
    // 10 + 8 - 1 = 17 KV tokens need 5 blocks of 4 > 4.
    let refused = pod.admit(request(1, at: .zero, input: 10, output: 8), at: .zero)
    let accepted = pod.admit(request(2, at: .zero, input: 10, output: 7), at: .zero)
    #expect(!refused && accepted)
    #expect(pod.statistics.rejectedOversized == 1)
  }

  @Test(arguments: PodSimulationMode.allCases)
  func prefixHitsAndLeastRecentlyUsedEviction(mode: PodSimulationMode) throws {
    // Pod blocks of 16, 8 blocks; log blocks of 32 tokens = 2 pod blocks per cache entry.
    // R1 [1,2]: misses, caches e1,e2; released deepest first: LRU (old->new) e2, e1.
    // R2 [1,3]: hits e1 (32 tokens), caches e3. LRU: e2, e3, e1 (6 blocks).
    // R3 [4,5]: needs 4 blocks, 2 free: evicts e2. LRU: e3, e1, e5, e4 (8 blocks).
    // R4 [1,2]: hits e1 only (e2 gone); its 2 private blocks evict e3.
    // R5 [1,3]: hits e1; e3 gone.
    let profile = tinyProfile(kvBlocks: 8)
    let ids: [[UInt64]] = [[1, 2], [1, 3], [4, 5], [1, 2], [1, 3]]
    let requests = ids.enumerated().map { i, blocks in
      request(i + 1, at: ms(Double(i) * 1000), input: 64, output: 1, blocks: blocks, blockTokens: 32)
    }
    let (done, pod, _) = drive(requests, profile: profile, mode: mode)
    #expect(done.map(\.cachedTokens) == [0, 32, 0, 32, 32])
    let stats = pod.statistics
    #expect(stats.evictedEntries == 3 && stats.evictedBlocks == 6)
    #expect(stats.hitTokens == 96 && stats.missTokens == 5 * 64 - 96)
    #expect(stats.hitBlocks == 6)
    // R2's prefill is 32 new tokens: 10 + 32 = 42 ms.
    #expect(done[1].firstToken - done[1].arrival == .milliseconds(42))
  }

  @Test(arguments: PodSimulationMode.allCases)
  func aFullHitStillComputesTheLastToken(mode: PodSimulationMode) throws {
    let requests = [
      request(1, at: .zero, input: 64, output: 1, blocks: [7, 8], blockTokens: 32),
      request(2, at: ms(1000), input: 64, output: 1, blocks: [7, 8], blockTokens: 32),
    ]
    let (done, _, _) = drive(requests, profile: tinyProfile(), mode: mode)
    #expect(done.map(\.cachedTokens) == [0, 63])
    #expect(done[1].firstToken - done[1].arrival == .milliseconds(11))
  }

  @Test(arguments: PodSimulationMode.allCases)
  func inFlightMUFallsAsDecodeProgresses(mode: PodSimulationMode) throws {
    // 10 in / 5 out, estimate 2 MU: prefill 0-20 (full 2 MU), then 1 of 5 tokens done: 2*4/5;
    // at 45 ms (tokens 1..3 done at 20, 30, 40): 2*2/5 = 0.8. A waiting request counts in full.
    let requests = [request(1, at: .zero, input: 10, output: 5, mu: 2), request(2, at: ms(41), input: 10, output: 1, mu: 1)]
    let (_, _, loads) = drive(requests, profile: tinyProfile(), mode: mode, probes: [ms(10), ms(25), ms(45)])
    let expected = [2, 1.6, 1.8]
    #expect(zip(loads.map(\.inFlightMU), expected).allSatisfy { abs($0 - $1) < 1e-9 } && loads.count == 3)
    #expect(loads.map(\.running) == [1, 1, 1] && loads.map(\.waiting) == [0, 0, 1])
  }

  @Test(arguments: PodSimulationMode.allCases)
  func slowdownStretchesLaterPasses(mode: PodSimulationMode) {
    // Prefill 0-20; at 25 the pod slows 2x: the pass 20-30 keeps its speed, then 20 ms passes.
    var pod = Pod(id: PodID(0), profile: tinyProfile(), mode: mode)
    var done: [CompletedRequest] = []
    pod.admit(request(1, at: .zero, input: 10, output: 4), at: .zero)
    pod.advance(to: ms(25), into: &done)
    pod.setSlowdown(2, at: ms(25))
    pod.advance(to: .distantFuture, into: &done)
    #expect(done.first?.completion == ms(70))
  }

  @Test func failAllReturnsEverythingAndClears() {
    var pod = Pod(id: PodID(0), profile: tinyProfile(maxRunning: 1))
    var done: [CompletedRequest] = []
    pod.admit(request(1, at: .zero, input: 10, output: 50), at: .zero)
    pod.admit(request(2, at: .zero, input: 10, output: 50), at: .zero)
    pod.advance(to: ms(100), into: &done)
    let lost = pod.failAll(at: ms(100))
    #expect(lost.map(\.id) == [1, 2])
    #expect(pod.nextEventTime == nil && pod.load(at: ms(100)).running == 0)
  }
}
