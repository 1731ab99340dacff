import SimCore
import Testing
import Workload

/// One TPOT definition for the replay and for production's observed latencies.
@Suite struct TimePerOutputTokenTests {
  @Test func theGapAfterTheFirstTokenOverTheTokensAfterIt() {
    // 5 tokens, the first at 1 s and the last at 3 s: 4 gaps of 0.5 s.
    let tpot = TimePerOutputToken.of(firstToken: SimInstant(nanoseconds: 1_000_000_000), completion: SimInstant(nanoseconds: 3_000_000_000), outputTokens: 5)
    #expect(tpot == .milliseconds(500))
    #expect(TimePerOutputToken.milliseconds(ttft: 100, e2e: 300, outputTokens: 3) == 100)
  }

  @Test func oneTokenHasNoTimePerToken() {
    #expect(TimePerOutputToken.of(firstToken: SimInstant(nanoseconds: 0), completion: SimInstant(nanoseconds: 5), outputTokens: 1) == nil)
    #expect(TimePerOutputToken.milliseconds(ttft: 100, e2e: 300, outputTokens: 1) == nil)
  }
}
