import Fleet
import SimCore
import Testing
import Workload

/// The two schedulers on hand-computed cases. Profile: a = 1 ms, b = 1 ms/token, weight floor
/// d0 = 10 ms, d = 0.5 ms per decoder, so a pass takes 1 + max(10, P) + 0.5*n ms.
@Suite struct PodSchedulerTests {
  static func profile(_ scheduler: PodScheduler, budget: Int = 8192) -> CostProfile {
    CostProfile(
      name: "round", fixedMillis: 1, prefillTokenMillis: 1, decodeFixedMillis: 10, decodeRequestMillis: 0.5,
      kvCapacityBlocks: 1_000, prefillTokenBudget: budget, scheduler: scheduler)
  }

  /// A (4 prompt tokens, 3 outputs) at 0; B (20, 2) at 5 ms.
  static let pair = [
    PodRequest(id: 0, arrival: .zero, inputTokens: 4, outputTokens: 3),
    PodRequest(id: 1, arrival: ms(5), inputTokens: 20, outputTokens: 2),
  ]

  /// Chunked: pass 1 prefills A, 0-11; pass 2 fuses B's prefill with A's decode,
  /// 1 + max(10, 20) + 0.5 = 21.5 ms, to 32.5; pass 3 decodes both, 12 ms, to 44.5, where both end.
  @Test(arguments: [PodSimulationMode.eventDriven, .stepping])
  func chunkedFusesAPrefillWithTheRunningDecodes(mode: PodSimulationMode) throws {
    let done = drive(Self.pair, profile: Self.profile(.chunked), mode: mode).completed
    let a = try #require(done.first { $0.id == 0 })
    let b = try #require(done.first { $0.id == 1 })
    #expect(a.firstToken == ms(11) && b.firstToken == ms(32.5))
    #expect(a.completion == ms(44.5) && b.completion == ms(44.5))
  }

  /// Prefill-first: pass 2 prefills B alone, 1 + 20 = 21 ms, to 32, and A does not advance; pass 3
  /// decodes both (A's second token, B's last), 12 ms, to 44; pass 4 decodes A alone, 11.5 ms.
  @Test(arguments: [PodSimulationMode.eventDriven, .stepping])
  func prefillFirstRunsPrefillsInPassesOfTheirOwn(mode: PodSimulationMode) throws {
    let done = drive(Self.pair, profile: Self.profile(.prefillFirst), mode: mode).completed
    let a = try #require(done.first { $0.id == 0 })
    let b = try #require(done.first { $0.id == 1 })
    #expect(a.firstToken == ms(11) && b.firstToken == ms(32))
    #expect(b.completion == ms(44) && a.completion == ms(55.5))
  }

  /// Budget 8, prompts 20, 5 and 5 at 0: the 20-token prompt is not chunked, it runs alone
  /// (21 ms); the next pass takes the first 5-token prompt, and the second no longer fits the
  /// budget (11 ms each). Chunked prefill would split the long prompt over three passes.
  @Test(arguments: [PodSimulationMode.eventDriven, .stepping])
  func prefillFirstNeverChunksAndKeepsTheBudget(mode: PodSimulationMode) throws {
    let requests = [
      PodRequest(id: 0, arrival: .zero, inputTokens: 20, outputTokens: 1),
      PodRequest(id: 1, arrival: .zero, inputTokens: 5, outputTokens: 1),
      PodRequest(id: 2, arrival: .zero, inputTokens: 5, outputTokens: 1),
    ]
    let done = drive(requests, profile: Self.profile(.prefillFirst, budget: 8), mode: mode).completed
    #expect(done.map(\.id) == [0, 1, 2])
    #expect(done.map(\.completion) == [ms(21), ms(32), ms(43)])
    let chunked = drive(requests, profile: Self.profile(.chunked, budget: 8), mode: mode).completed
    // 8 + 8 + (4 + 4): the long prompt's first token comes at the third pass, 33 ms.
    #expect(chunked.first { $0.id == 0 }?.firstToken == ms(33))
  }
}
