import SimCore
import Testing
import Workload
@testable import Measurements

/// Issue 15, items 5, 8 and 10: metrics over the traffic, not the drain; latencies never
/// silently capped; blast radius over the run; overload detected.
@Suite struct TrafficMetricsTests {
  func sample(_ mu: Double, waiting: Int = 0) -> PodLoadSample {
    PodLoadSample(mu: mu, running: 1, waiting: waiting, kvUtilization: 0.1, capacityMU: 100)
  }

  // MARK: Latency beyond the histogram

  @Test func aLatencyBeyondADayIsCountedAndTheMeanAndMaxStayExact() {
    var recorder = LatencyRecorder()
    let hour: Int64 = 3_600_000_000_000
    recorder.record(nanoseconds: 1_000_000_000)  // 1 s
    recorder.record(nanoseconds: 48 * hour)  // two days: beyond the histogram
    #expect(recorder.clamped == 1)
    #expect(recorder.summary.clamped == 1)
    // Exact: (1 s + 48 h) / 2, not (1 s + 24 h) / 2.
    #expect(abs(recorder.meanMillis - (1_000 + 48 * 3_600_000) / 2.0) < 1e-6)
    #expect(recorder.maxMillis == 48 * 3_600_000)
    // The percentile itself is bounded by the histogram.
    #expect(recorder.percentileMillis(100) == 86_400_000)
  }

  @Test func percentilesOverAPopulationCountTheMissingAsSlowerThanAny() {
    var recorder = LatencyRecorder()
    for ms in 1...98 { recorder.record(nanoseconds: Int64(ms) * 1_000_000) }
    // 98 recorded of 100: rank 99 of 100 is among the two missing.
    #expect(recorder.percentileMillis(99, population: 100) == .infinity)
    // 98 of 99: rank ceil(0.99 x 99) = 99 is missing too; of 98 it is the plain p99.
    #expect(recorder.percentileMillis(99, population: 99) == .infinity)
    #expect(recorder.percentileMillis(99, population: 98) == recorder.percentileMillis(99))
    // 98 of 98.5%-complete population: rank ceil(0.5 x 99) = 50 -> the 50th value.
    #expect(abs(recorder.percentileMillis(50, population: 99) - 50) < 0.1)
  }

  // MARK: Imbalance over the arrival span

  /// Four pods, windows of 10 s: busy balanced-ish windows 0-2, then a drain window where one
  /// pod finishes a straggler (ratio 4 = the pod count).
  func drainingRun() -> PolicyMetrics {
    var run = PolicyMetrics(policy: "x", podCount: 4, window: .seconds(10))
    let rows: [[Double]] = [[4, 2, 2, 0], [3, 3, 3, 3], [6, 2, 2, 2], [5, 0, 0, 0]]
    for (w, row) in rows.enumerated() {
      for (p, mu) in row.enumerated() {
        run.pods.recordSample(sample(mu), pod: PodID(p), at: SimInstant(nanoseconds: Int64(w) * 10_000_000_000))
      }
    }
    run.recordArrival(at: .zero, mu: 1)
    run.recordArrival(at: SimInstant(nanoseconds: 29_000_000_000), mu: 1)
    run.pods.finish()
    return run
  }

  @Test func theDrainAfterTheLastArrivalIsLeftOutAndReportedApart() {
    let imbalance = LoadImbalance(drainingRun(), sampleInterval: .seconds(10))
    // Window ratios: 4/2 = 2, 1, 6/3 = 2; window 3 (5/1.25 = 4) is drain.
    #expect(imbalance.windows == 3)
    #expect(imbalance.max == 2)
    #expect(imbalance.drainWindows == 1)
    #expect(imbalance.drainMax == 4)
    #expect(imbalance.hottestWindow == 2)
    // Load-weighted mean: (2 x 8 + 1 x 12 + 2 x 12) / 32.
    #expect(abs(imbalance.mean - 52.0 / 32.0) < 1e-12)
    #expect(imbalance.tailIsMax && imbalance.tailName == "max")
  }

  @Test func nearIdleWindowsWithinTheSpanDoNotScoreThePodCount() {
    var run = PolicyMetrics(policy: "x", podCount: 4, window: .seconds(10))
    // Window 0 busy and balanced (ratio 1, fleet 40 MU); window 1 one straggler of 1 MU (ratio 4).
    for p in 0..<4 { run.pods.recordSample(sample(10), pod: PodID(p), at: .zero) }
    for p in 0..<4 { run.pods.recordSample(sample(p == 0 ? 1 : 0), pod: PodID(p), at: SimInstant(nanoseconds: 10_000_000_000)) }
    run.recordArrival(at: .zero, mu: 1)
    run.recordArrival(at: SimInstant(nanoseconds: 15_000_000_000), mu: 1)
    run.pods.finish()
    let imbalance = LoadImbalance(run, sampleInterval: .seconds(10))
    #expect(imbalance.max == 1)
    #expect(imbalance.windows == 1 && imbalance.idleWindows == 1)
  }

  @Test func aHundredWindowsMakeTheTailAP99() {
    var run = PolicyMetrics(policy: "x", podCount: 2, window: .seconds(1))
    for w in 0..<100 {
      // Window 0 is the single worst (ratio 1.5); the p99 of 100 windows is the 99th: 1.
      let hot = w == 0 ? 3.0 : 2.0
      run.pods.recordSample(sample(hot), pod: PodID(0), at: SimInstant(nanoseconds: Int64(w) * 1_000_000_000))
      run.pods.recordSample(sample(w == 0 ? 1 : 2), pod: PodID(1), at: SimInstant(nanoseconds: Int64(w) * 1_000_000_000))
    }
    run.recordArrival(at: .zero, mu: 1)
    run.recordArrival(at: SimInstant(nanoseconds: 99_000_000_000), mu: 1)
    run.pods.finish()
    let imbalance = LoadImbalance(run, sampleInterval: .seconds(1))
    #expect(imbalance.windows == 100)
    #expect(!imbalance.tailIsMax && imbalance.tailName == "p99")
    #expect(imbalance.p99 == 1)
    #expect(imbalance.max == 1.5)
  }

  // MARK: Blast radius over the run

  @Test func subsetExposureWeighsEachRequestBySubsetAtArrival() {
    var exposure = SubsetLoadExposure()
    exposure.add(mu: 3, pods: [PodID(0), PodID(1)])
    exposure.add(mu: 1, pods: [PodID(2)])
    #expect(exposure.loadShare(of: PodID(0)) == 0.75)
    #expect(exposure.loadShare(of: PodID(2)) == 0.25)
    #expect(exposure.loadShare(of: PodID(3)) == 0)
  }

  // MARK: Overload

  @Test func aGrowingBacklogIsOverloadAndThePeakNeedsMorePods() {
    var run = PolicyMetrics(policy: "x", podCount: 2, window: .seconds(60))
    run.muPerPodMinute = 100
    // Eight one-minute windows: waiting per pod 0, 1, 2, ... 7; offered 300 MU a minute against 200.
    for w in 0..<8 {
      let time = SimInstant(nanoseconds: Int64(w) * 60_000_000_000)
      for p in 0..<2 { run.pods.recordSample(sample(50, waiting: w), pod: PodID(p), at: time) }
      run.recordArrival(at: time, mu: w == 5 ? 450 : 300)
    }
    run.simulatedDuration = .seconds(8 * 60)
    run.pods.finish()
    let analysis = try! #require(run.overload)
    #expect(analysis.windows == 8)
    #expect(analysis.windowsOverCapacity == 8)
    #expect(analysis.peakOfferedMUPerMinute == 450)
    #expect(analysis.podsNeededAtPeak == 5)
    // First quarter waiting 0+1 -> mean 1 (2 pods x 0, 2 x 1), last quarter 12, 14 -> 13.
    #expect(analysis.waitingEarly == 1 && analysis.waitingLate == 13)
    #expect(analysis.backlogGrew && analysis.overloaded)
  }

  @Test func aFleetThatKeepsUpIsNotOverloaded() {
    var run = PolicyMetrics(policy: "x", podCount: 2, window: .seconds(60))
    run.muPerPodMinute = 100
    for w in 0..<8 {
      let time = SimInstant(nanoseconds: Int64(w) * 60_000_000_000)
      for p in 0..<2 { run.pods.recordSample(sample(50, waiting: 1), pod: PodID(p), at: time) }
      run.recordArrival(at: time, mu: 120)
    }
    run.simulatedDuration = .seconds(8 * 60 + 10)
    run.pods.finish()
    let analysis = try! #require(run.overload)
    #expect(!analysis.overloaded)
    #expect(analysis.windowsOverCapacity == 0)
    #expect(analysis.podsNeededAtPeak == 2)
  }

  /// Behind from the first window (no growth between quarters), then hours idle before a second
  /// burst: neither the quarters nor the drain show it, the saturated windows do.
  @Test func aFleetSaturatedInEveryBusyWindowIsOverloadedWhateverItsIdleHours() {
    var run = PolicyMetrics(policy: "x", podCount: 2, window: .seconds(60))
    run.muPerPodMinute = 100
    // Minutes 0-3 and 300-303 busy: 300 MU offered against 200, 10 requests waiting on each pod.
    for w in [0, 1, 2, 3, 300, 301, 302, 303] {
      let time = SimInstant(nanoseconds: Int64(w) * 60_000_000_000)
      for p in 0..<2 { run.pods.recordSample(sample(50, waiting: 10), pod: PodID(p), at: time) }
      run.recordArrival(at: time, mu: 300)
    }
    run.simulatedDuration = .seconds(304 * 60)
    run.pods.finish()
    let analysis = try! #require(run.overload)
    #expect(!analysis.backlogGrew && !analysis.longDrain)
    #expect(analysis.windowsWithArrivals == 8 && analysis.windowsSaturated == 8)
    #expect(analysis.waitingWhenSaturated == 20)
    #expect(analysis.overCapacityShare == 1)
    #expect(analysis.sustainedSaturation && analysis.overloaded)
  }

  @Test func aLongDrainIsOverload() {
    var run = PolicyMetrics(policy: "x", podCount: 1, window: .seconds(60))
    run.muPerPodMinute = 100
    run.recordArrival(at: .zero, mu: 10)
    run.recordArrival(at: SimInstant(nanoseconds: 600_000_000_000), mu: 10)
    run.pods.recordSample(sample(1), pod: PodID(0), at: .zero)
    // Arrivals over 10 minutes, the last completion an hour later.
    run.simulatedDuration = .seconds(4_200)
    run.pods.finish()
    let analysis = try! #require(run.overload)
    #expect(analysis.longDrain && analysis.overloaded)
    #expect(analysis.drainSeconds == 3_600)
  }
}
