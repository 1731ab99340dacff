import SimCore
import Testing
@testable import Replay

@Suite struct TokenBucketTests {
  // 60 MU/min refills 1 MU per second = 1e-9 MU/ns; 10 burst seconds make a depth of 60 * 10 / 60 = 10 MU.
  func bucket() -> TokenBucket { TokenBucket(muPerMinute: 60, burstSeconds: 10) }

  @Test func startsFullAndRefillsAtTheRateUpToTheDepth() {
    var b = bucket()
    #expect(b.depth == 10)
    #expect(b.level == 10)
    b.charge(10)  // 10 - 10 = 0
    b.refill(to: SimInstant(nanoseconds: 2_500_000_000))  // 0 + 2.5 s * 1 MU/s = 2.5
    #expect(abs(b.level - 2.5) < 1e-9)
    b.refill(to: SimInstant(nanoseconds: 60_000_000_000))  // 2.5 + 57.5 = 60, capped at the depth 10
    #expect(b.level == 10)
  }

  @Test func waitIsTheDeficitOverTheRate() throws {
    var b = bucket()
    b.charge(10)
    b.refill(to: SimInstant(nanoseconds: 2_500_000_000))  // level 2.5
    #expect(!b.canPay(3))
    // (3 - 2.5) MU / 1e-9 MU/ns = 500,000,000 ns (within a nanosecond of rounding).
    let wait = try #require(b.timeUntilAffordable(3))
    #expect(abs(wait.nanoseconds - 500_000_000) <= 1)
    #expect(b.timeUntilAffordable(2) == .zero)
    // A cost above the depth can never be paid.
    #expect(b.timeUntilAffordable(11) == nil)
    #expect(!b.canPay(11))
  }

  @Test func adjustRefundsUpToTheDepthAndChargesDownToMinusTheDepth() {
    var b = bucket()
    b.charge(7.5)  // level 2.5
    // Charge 25 more: 2.5 - 25 = -22.5, floored at -10, so only 12.5 is charged.
    #expect(b.adjust(by: 25) == 12.5)
    #expect(b.level == -10)
    // Refund 30: -10 + 30 = 20, capped at the depth 10, so 20 comes back (charged -20).
    #expect(b.adjust(by: -30) == -20)
    #expect(b.level == 10)
  }

  @Test func aZeroRateBucketNeverRefills() {
    var b = TokenBucket(muPerMinute: 0, burstSeconds: 60)
    #expect(b.depth == 0)
    b.refill(to: SimInstant(nanoseconds: 1_000_000_000_000))
    #expect(b.level == 0)
    #expect(b.timeUntilAffordable(0.1) == nil)
  }
}
