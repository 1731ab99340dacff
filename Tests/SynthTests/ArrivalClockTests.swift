import Foundation
import Testing
@testable import Synth

@Suite struct ArrivalClockTests {
  @Test func flatCurveKeepsTheTargetMeanRate() {
    var clock = ArrivalClock(meanRate: 80, curve: .flat, seed: 4)
    var last: Int64 = 0
    for _ in 0..<5_000 { last = clock.nextArrival() }
    // 5,000 arrivals at 80/s span about 62.5 s; the Poisson count's relative spread is ~1.4 %.
    let rate = 5_000 / (Double(last) / 1e9)
    #expect(abs(rate / 80 - 1) < 0.06, "rate \(rate)")
  }

  @Test func generatorHonoursFleetSizing() throws {
    // 4 pods × 0.5 utilisation × 5.6 req/s = 11.2 req/s.
    var configuration = SynthConfiguration(requests: 3_000, seed: 8, load: .fleet(pods: 4, utilization: 0.5))
    configuration.rate = .flat
    let records = try generateAll(configuration)
    let span = Double(records.last?.arrivalNanos ?? 0) / 1e9
    #expect(abs(3_000 / span / 11.2 - 1) < 0.06)
  }

  @Test func dailyCurveSwingsByThePeakToTroughRatio() {
    // Peak at t = 0, period 40 s, ratio 3 so a = 0.5. Averaged over ±1/8 period around the peak
    // the factor is 1 + a·sin(π/4)/(π/4) = 1.450, around the trough 0.550: a count ratio of 2.64.
    let curve = RateCurve(peakToTrough: 3, periodSeconds: 40, peakOffsetSeconds: 0, bursts: nil)
    var clock = ArrivalClock(meanRate: 100, curve: curve, seed: 6)
    var nearPeak = 0
    var nearTrough = 0
    for _ in 0..<12_000 {
      let phase = (Double(clock.nextArrival()) / 1e9).truncatingRemainder(dividingBy: 40) / 40
      if phase < 0.125 || phase >= 0.875 { nearPeak += 1 }
      if phase >= 0.375 && phase < 0.625 { nearTrough += 1 }
    }
    let ratio = Double(nearPeak) / Double(nearTrough)
    #expect(ratio > 2.3 && ratio < 3.0, "ratio \(ratio)")
  }

  @Test func burstFactorKeepsTheLongRunMean() {
    // Gap 900 s, burst 30 s at 2.5×: f = 30/930, mean factor 1 + f·1.5 = 1.048387.
    #expect(abs(BurstModel().meanFactor - 1.048387) < 1e-6)
    // Short cycles so that many bursts fit: gap 20 s, 5 s at 3×, mean factor 1 + 0.2·2 = 1.4.
    let bursts = BurstModel(meanGapSeconds: 20, durationSeconds: 5, multiplier: 3)
    var clock = ArrivalClock(meanRate: 50, curve: RateCurve(peakToTrough: 1, bursts: bursts), seed: 12)
    var perSecond: [Int] = Array(repeating: 0, count: 400)
    var last: Int64 = 0
    for _ in 0..<20_000 {
      last = clock.nextArrival()
      let second = Int(last / 1_000_000_000)
      if second < perSecond.count { perSecond[second] += 1 }
    }
    let rate = 20_000 / (Double(last) / 1e9)
    #expect(abs(rate / 50 - 1) < 0.1, "rate \(rate)")
    // Base rate 50/1.4 = 35.7; burst seconds see ~107 arrivals, quiet ones ~36.
    #expect(perSecond.contains { $0 > 80 })
    #expect(perSecond.filter { $0 < 50 }.count > perSecond.count / 2)
  }
}
