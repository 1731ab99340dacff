import SimCore
import Testing
import Workload
@testable import Measurements

/// `seconds` after the origin.
func at(_ seconds: Int64) -> SimInstant { SimInstant(nanoseconds: seconds * 1_000_000_000) }

@Suite struct PodWindowSeriesTests {
  func sample(_ mu: Double) -> PodLoadSample {
    PodLoadSample(mu: mu, running: 1, waiting: 2, kvUtilization: 0.5, capacityMU: 10)
  }

  @Test func samplesAndCompletionsLandInTheirWindows() {
    var series = PodWindowSeries(window: .seconds(10), podCount: 2)
    series.recordSample(sample(4), pod: PodID(0), at: SimInstant(nanoseconds: 9_999_999_999))
    series.recordSample(sample(6), pod: PodID(1), at: at(10))
    series.recordCompletion(pod: PodID(1), at: at(25), inputTokens: 100, cachedTokens: 40)
    series.finish()
    #expect(series.cells.count == 3)
    #expect(series.cells[0][0].muSampleSum == 4)
    #expect(series.cells[1][1].muSampleSum == 6)
    #expect(series.cells[2][1].hitRate == 0.4)
    #expect(!series.widened)
  }

  @Test func passingTheCapDoublesTheWindowAndMergesNeighboursExactly() {
    // Cap of 4 windows of 10 s: a sample at 45 s (window 4) widens to 20 s windows.
    var series = PodWindowSeries(window: .seconds(10), podCount: 1, maximumWindows: 4)
    series.recordSample(sample(2), pod: PodID(0), at: at(1))  // window 0
    series.recordSample(sample(12), pod: PodID(0), at: at(11))  // window 1: above 90% of 10
    series.recordSample(sample(5), pod: PodID(0), at: at(21))  // window 2
    series.recordSpill(at: at(3))
    series.recordSpill(at: at(15))
    series.recordSpill(at: at(35))
    series.recordCompletion(pod: PodID(0), at: at(45), inputTokens: 10, cachedTokens: 5)
    #expect(series.window == .seconds(20))
    #expect(series.requestedWindow == .seconds(10))
    #expect(series.widened)
    #expect(series.cells.count == 3)
    // [0, 20 s): the first two samples.
    #expect(series.cells[0][0].samples == 2)
    #expect(series.cells[0][0].muSampleSum == 14)
    #expect(series.cells[0][0].muMax == 12)
    #expect(series.cells[0][0].samplesAbove90 == 1)
    #expect(series.cells[0][0].meanMU == 7)
    #expect(series.cells[1][0].muSampleSum == 5)
    #expect(series.cells[2][0].completed == 1)
    #expect(series.spills == [2, 1])
    #expect(series.windowStart(2) == at(40))
  }

  @Test func theCapFallsWithPodsSoCellsStayWithinTheBudget() {
    // Up to 64 pods the cap is the window limit; 512 pods get 2,048 windows; a huge fleet 256.
    #expect(PodWindowSeries(window: .seconds(60), podCount: 64).maximumWindows == 16_384)
    #expect(PodWindowSeries(window: .seconds(60), podCount: 512).maximumWindows == 2_048)
    #expect(PodWindowSeries(window: .seconds(60), podCount: 100_000).maximumWindows == 256)
    // A two-day log at 60 s windows (2,880 windows) on 512 pods widens to 120 s windows (1,440).
    var series = PodWindowSeries(window: .seconds(60), podCount: 512)
    for minute in stride(from: Int64(0), to: 2 * 1_440, by: 7) {
      series.recordSample(sample(1), pod: PodID(Int(minute % 512)), at: at(minute * 60))
    }
    #expect(series.window == .seconds(120))
    #expect(series.cells.count <= 2_048)
    #expect(series.cells.count * series.podCount <= PodWindowSeries.defaultCellBudget)
  }

  @Test func podsJoiningLateLowerTheCapAndMergeWindowsAlreadyKept() {
    // Budget of 1,024 cells: 2 pods keep 512 windows, 4 pods only 256.
    var series = PodWindowSeries(window: .seconds(10), podCount: 2, cellBudget: 1_024)
    series.recordSample(sample(1), pod: PodID(0), at: at(1))
    series.recordSample(sample(2), pod: PodID(1), at: at(3_001))  // window 300
    #expect(series.maximumWindows == 512)
    #expect(series.cells.count == 301)
    #expect(!series.widened)
    series.addPod()
    series.addPod()
    series.recordSample(sample(4), pod: PodID(3), at: at(3_005))
    #expect(series.maximumWindows == 256)
    #expect(series.cells.count == 151)
    #expect(series.window == .seconds(20))
    #expect(series.cells.flatMap { $0 }.reduce(0) { $0 + $1.muSampleSum } == 7)
  }

  @Test func aClockJumpOfYearsKeepsTheWindowCountBounded() {
    var series = PodWindowSeries(window: .seconds(60), podCount: 4)
    series.recordSample(sample(1), pod: PodID(0), at: .zero)
    let threeYears = at(3 * 365 * 86_400)
    series.recordSample(sample(3), pod: PodID(2), at: threeYears)
    series.recordSpill(at: threeYears)
    series.finish()
    #expect(series.cells.count <= PodWindowSeries.defaultMaximumWindows)
    #expect(series.cells.count > PodWindowSeries.defaultMaximumWindows / 2)
    // A power-of-two multiple of the requested window.
    let ratio = series.window.nanoseconds / series.requestedWindow.nanoseconds
    #expect(ratio.nonzeroBitCount == 1 && ratio > 1)
    #expect(series.cells.reduce(0) { $0 + $1.reduce(0) { $0 + $1.samples } } == 2)
    #expect(series.spills.reduce(0, +) == 1)
  }

  @Test(arguments: [UInt64(1), 2, 3, 4, 5])
  func widenedTotalsEqualUnwidenedTotals(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    var capped = PodWindowSeries(window: .seconds(1), podCount: 3, maximumWindows: 8)
    var free = PodWindowSeries(window: .seconds(1), podCount: 3, maximumWindows: 1 << 20)
    var maxMU = 0.0
    for _ in 0..<500 {
      let time = SimInstant(nanoseconds: Int64(random.next() % 5_000_000_000_000))
      let pod = PodID(Int(random.next() % 3))
      let mu = Double(random.next() % 100)
      maxMU = max(maxMU, mu)
      capped.recordSample(sample(mu), pod: pod, at: time)
      free.recordSample(sample(mu), pod: pod, at: time)
      if random.next() % 3 == 0 {
        capped.recordSpill(at: time)
        free.recordSpill(at: time)
      }
    }
    #expect(capped.cells.count <= 8)
    func totals(_ s: PodWindowSeries) -> (Double, Int, Int, Double) {
      let cells = s.cells.flatMap { $0 }
      return (
        cells.reduce(0) { $0 + $1.muSampleSum }, cells.reduce(0) { $0 + $1.samples },
        s.spills.reduce(0, +), cells.map(\.muMax).max() ?? 0
      )
    }
    let (a, b) = (totals(capped), totals(free))
    #expect(a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3)
    #expect(a.3 == maxMU)
  }
}
