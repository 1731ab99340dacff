import Foundation
import Testing
@testable import Synth

@Suite struct RandomStreamTests {
  @Test func lognormalMedianAndParetoTailMatchTheirParameters() {
    var random = RandomStream(seed: 1, stream: "test")
    var draws = (0..<20_000).map { _ in random.next(Lognormal(median: 50, sigma: 1), cappedAt: 1e9) }
    draws.sort()
    #expect(abs(draws[10_000] / 50 - 1) < 0.05)
    // P(count ≥ 2) = 2^-1.5 = 0.354; P(count ≥ 4) = 4^-1.5 = 0.125.
    let counts = (0..<20_000).map { _ in random.nextParetoCount(tailIndex: 1.5, maximum: 10) }
    #expect(abs(Double(counts.filter { $0 >= 2 }.count) / 20_000 - 0.354) < 0.015)
    #expect(abs(Double(counts.filter { $0 >= 4 }.count) / 20_000 - 0.125) < 0.01)
    #expect(counts.allSatisfy { (1...10).contains($0) })
  }

  @Test func tokenAndLogUniformDrawsStayInBounds() {
    var random = RandomStream(seed: 2, stream: "test")
    for _ in 0..<5_000 {
      let tokens = random.nextTokens(Lognormal(median: 200, sigma: 3), limit: 300)
      let long = random.nextLogUniform(32_000, 100_000)
      #expect((1...300).contains(tokens))
      #expect((32_000...100_000).contains(long))
    }
  }
}
