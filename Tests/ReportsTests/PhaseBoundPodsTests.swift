import Measurements
import SimCore
import Testing
import Workload
@testable import Reports

@Suite struct PhaseBoundPodsTests {
  /// Three pods, capacity 10, samples every 5 s: pod 0 saturated with 80% prefill twice (10 s),
  /// pod 1 saturated with 90% decode once (5 s), pod 2 saturated half and half (neither).
  static var series: PodWindowSeries {
    var series = PodWindowSeries(window: .seconds(10), podCount: 3)
    let samples: [(Int64, Int, Double, Double)] = [(0, 0, 10, 8), (5, 0, 10, 8), (0, 1, 10, 1), (5, 2, 10, 5)]
    for (second, pod, mu, prefill) in samples {
      series.recordSample(
        PodLoadSample(mu: mu, running: 1, waiting: 0, kvUtilization: 0, capacityMU: 10, prefillMU: prefill),
        pod: PodID(pod), at: SimInstant(nanoseconds: second * 1_000_000_000))
    }
    series.finish()
    return series
  }

  @Test func boundPodsAndTheirSeconds() {
    let bound = PhaseBoundPods(Self.series, sampleInterval: .seconds(5))
    #expect(
      bound.pods == [
        PhaseBoundPods.Pod(pod: 0, prefillSeconds: 10, decodeSeconds: 0),
        PhaseBoundPods.Pod(pod: 1, prefillSeconds: 0, decodeSeconds: 5),
      ])
    #expect(bound.markdownLine.contains("prefill-bound pod 0 (10 s); decode-bound pod 1 (5 s)."))
  }

  @Test func noLineWithoutSaturation() {
    var series = PodWindowSeries(window: .seconds(10), podCount: 1)
    series.recordSample(
      PodLoadSample(mu: 5, running: 1, waiting: 0, kvUtilization: 0, capacityMU: 10, prefillMU: 5), pod: PodID(0), at: .zero)
    #expect(PhaseBoundPods(series, sampleInterval: .seconds(5)).markdownLine.isEmpty)
  }
}
