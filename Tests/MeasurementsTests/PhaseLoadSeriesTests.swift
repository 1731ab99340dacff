import SimCore
import Testing
import Workload
@testable import Measurements

/// Prefill and decode parts of the in-flight MU per window, and the samples bound by one phase.
@Suite struct PhaseLoadSeriesTests {
  func sample(_ mu: Double, prefill: Double) -> PodLoadSample {
    PodLoadSample(mu: mu, running: 1, waiting: 0, kvUtilization: 0, capacityMU: 10, prefillMU: prefill)
  }

  /// Capacity 10, so "saturated" is above 9 MU.
  /// 10 MU, 8 prefill: 80% prefill -> prefill-bound. 10 MU, 3 prefill: decode exactly 70% -> neither.
  /// 9.5 MU, 1 prefill: decode 89% -> decode-bound. 5 MU all prefill: not saturated -> neither.
  /// Means: prefill (8+3+1+5)/4 = 4.25, decode (2+7+8.5+0)/4 = 4.375.
  @Test func meansAndBoundSamplesAreHandComputed() {
    var series = PodWindowSeries(window: .seconds(10), podCount: 1)
    for (second, (mu, prefill)) in [(10.0, 8.0), (10, 3), (9.5, 1), (5, 5)].enumerated() {
      series.recordSample(sample(mu, prefill: prefill), pod: PodID(0), at: at(Int64(second)))
    }
    let cell = series.cells[0][0]
    #expect(abs(cell.meanPrefillMU - 4.25) < 1e-12)
    #expect(abs(cell.meanDecodeMU - 4.375) < 1e-12)
    #expect(cell.samplesAbove90 == 3)
    #expect(cell.samplesPrefillBound == 1)
    #expect(cell.samplesDecodeBound == 1)
  }

  @Test func widenedWindowsKeepThePhaseSums() {
    var series = PodWindowSeries(window: .seconds(10), podCount: 1, maximumWindows: 2)
    series.recordSample(sample(10, prefill: 8), pod: PodID(0), at: at(1))
    series.recordSample(sample(10, prefill: 1), pod: PodID(0), at: at(11))
    series.recordSample(sample(4, prefill: 2), pod: PodID(0), at: at(21))
    #expect(series.window == .seconds(20))
    #expect(series.cells[0][0].prefillMUSampleSum == 9)
    #expect(series.cells[0][0].samplesPrefillBound == 1 && series.cells[0][0].samplesDecodeBound == 1)
    #expect(series.cells[1][0].prefillMUSampleSum == 2)
  }

  @Test func thePrefillPartNeverExceedsTheLoad() {
    let clamped = PodLoadSample(mu: 3, running: 0, waiting: 0, kvUtilization: 0, capacityMU: 10, prefillMU: 7)
    #expect(clamped.prefillMU == 3)
  }
}
