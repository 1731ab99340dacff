import Testing
@testable import Synth

@Suite struct LoadSizingTests {
  @Test func fleetRateIsPodsTimesUtilisationTimesCapacity() {
    // 64 × 0.7 × 5.6 = 250.88 req/s.
    #expect(abs(LoadSizing.fleet(pods: 64, utilization: 0.7).meanRequestsPerSecond - 250.88) < 1e-9)
    // 10 × 0.5 × 2 = 10 req/s.
    #expect(LoadSizing.fleet(pods: 10, utilization: 0.5, podCapacity: 2).meanRequestsPerSecond == 10)
    #expect(LoadSizing.requestsPerSecond(42).meanRequestsPerSecond == 42)
  }

  @Test func expectedSpanIsRequestsOverRate() {
    // 1,000,000 requests at 64 × 0.7 × 5.6 = 250.88 req/s span 3,985.97 s.
    let configuration = SynthConfiguration(requests: 1_000_000, load: .fleet(pods: 64, utilization: 0.7))
    #expect(abs(configuration.expectedSpanSeconds - 3_985.969) < 1e-3)
  }

  @Test func lognormalMeanIsMedianTimesExpHalfSigmaSquared() {
    // median 100, σ = 1: 100·e^0.5 = 164.872.
    #expect(abs(Lognormal(median: 100, sigma: 1).mean - 164.872127) < 1e-5)
  }
}
