import SimCore
import Workload

/// Per-pod measurements accumulated over one time window.
public struct PodWindowCell: Sendable, Equatable {
  /// Sum of the pod's in-flight MU over the load samples taken in the window.
  public var muSampleSum: Double = 0
  /// Largest in-flight MU sampled in the window.
  public var muMax: Double = 0
  public var runningSampleSum: Double = 0
  public var waitingSampleSum: Double = 0
  public var kvUtilizationSampleSum: Double = 0
  public var samples: Int = 0
  /// Samples in which the pod's in-flight MU exceeded 90% of its capacity.
  public var samplesAbove90: Int = 0
  public var completed: Int = 0
  public var inputTokens: Int = 0
  public var cachedTokens: Int = 0
  /// Sum of the prefill part of the in-flight MU (`PodLoadReport.prefillMU`) over the samples;
  /// the decode part is the rest of `muSampleSum`.
  public var prefillMUSampleSum: Double = 0
  /// Samples above 90% of capacity in which prefill (or decode) held more than
  /// `boundShare` of the in-flight MU: the pod saturated on one phase.
  public var samplesPrefillBound: Int = 0
  public var samplesDecodeBound: Int = 0

  /// Share of a saturated pod's in-flight MU above which one phase is said to bind it.
  public static let boundShare = 0.7

  public init() {}

  @inlinable public var meanPrefillMU: Double { samples > 0 ? prefillMUSampleSum / Double(samples) : 0 }
  @inlinable public var meanDecodeMU: Double { samples > 0 ? Swift.max(0, muSampleSum - prefillMUSampleSum) / Double(samples) : 0 }

  @inlinable public var meanMU: Double { samples > 0 ? muSampleSum / Double(samples) : 0 }
  @inlinable public var meanRunning: Double { samples > 0 ? runningSampleSum / Double(samples) : 0 }
  @inlinable public var meanWaiting: Double { samples > 0 ? waitingSampleSum / Double(samples) : 0 }
  @inlinable public var meanKVUtilization: Double {
    samples > 0 ? kvUtilizationSampleSum / Double(samples) : 0
  }
  /// Adds `other`'s measurements (a neighbouring window of the same pod) to this cell.
  public mutating func absorb(_ other: PodWindowCell) {
    muSampleSum += other.muSampleSum
    muMax = Swift.max(muMax, other.muMax)
    runningSampleSum += other.runningSampleSum
    waitingSampleSum += other.waitingSampleSum
    kvUtilizationSampleSum += other.kvUtilizationSampleSum
    samples += other.samples
    samplesAbove90 += other.samplesAbove90
    completed += other.completed
    inputTokens += other.inputTokens
    cachedTokens += other.cachedTokens
    prefillMUSampleSum += other.prefillMUSampleSum
    samplesPrefillBound += other.samplesPrefillBound
    samplesDecodeBound += other.samplesDecodeBound
  }

  /// Token-weighted prefix-cache hit rate of requests that completed in the window.
  @inlinable public var hitRate: Double { inputTokens > 0 ? Double(cachedTokens) / Double(inputTokens) : 0 }
}

/// One load sample of one pod, as the replay takes it every report interval.
public struct PodLoadSample: Sendable, Equatable {
  public var mu: Double
  public var running: Int
  public var waiting: Int
  public var kvUtilization: Double
  public var capacityMU: Double
  /// The part of `mu` held by requests waiting or prefilling (at most `mu`).
  public var prefillMU: Double

  public init(mu: Double, running: Int, waiting: Int, kvUtilization: Double, capacityMU: Double, prefillMU: Double = 0) {
    self.mu = mu
    self.running = running
    self.waiting = waiting
    self.kvUtilization = kvUtilization
    self.capacityMU = capacityMU
    self.prefillMU = Swift.min(Swift.max(0, prefillMU), Swift.max(0, mu))
  }
}

/// Per-pod, per-window time series of load, queueing, KV use, cache hits and spills.
///
/// Memory is windows x pods cells: it grows with the replayed duration divided by the window
/// (a day at 60 s windows and 64 pods is about 92k cells), never with the number of requests.
/// The number of windows is capped: when a replay runs past `maximumWindows` windows (a long
/// log, or one whose clock jumps by years), the window doubles and neighbouring windows merge,
/// as often as needed. Every cell field is a sum or a maximum, so the merge is exact. The cap
/// falls as the fleet grows, so that windows x pods stays within `cellBudget` (about 110 MB of
/// cells) at any pod count: a fleet of up to 64 pods keeps 16,384 windows, one of 512 pods 2,048.
public struct PodWindowSeries: Sendable {
  /// At most this many windows by default: eleven days of 60 s windows.
  public static let defaultMaximumWindows = 16_384
  /// At most this many cells (windows x pods) by default: 16,384 windows of 64 pods.
  public static let defaultCellBudget = 16_384 * 64
  /// However large the fleet, the cap never falls below this many windows.
  public static let minimumWindows = 256
  /// The window the replay asked for.
  public let requestedWindow: SimDuration
  /// Window length: `requestedWindow` times a power of two.
  public private(set) var window: SimDuration
  /// The cap on windows asked for, whatever the fleet's size.
  public let windowLimit: Int
  /// Most cells (windows x pods) kept.
  public let cellBudget: Int
  /// Windows never exceed this count: `windowLimit`, lowered so that windows x pods stays
  /// within `cellBudget` (never below `minimumWindows`).
  public var maximumWindows: Int {
    min(windowLimit, max(Self.minimumWindows, cellBudget / max(1, podCount)))
  }
  /// `cells[w][p]` is pod p in window w; rows grow when the fleet grows.
  public private(set) var cells: [[PodWindowCell]] = []
  /// Requests that spilled out of their preferred pods, per window (may be shorter than `cells`).
  public private(set) var spills: [Int] = []
  /// MU offered to the fleet per window (the router's estimate at arrival, before prefix caching),
  /// for overload detection (may be shorter than `cells`).
  public private(set) var offeredMU: [Double] = []
  /// Pods known so far (the fleet may grow during a replay).
  public private(set) var podCount: Int
  /// Start of window 0 (later than zero when a warm-up before it is not measured).
  public var origin = SimInstant.zero

  public init(
    window: SimDuration, podCount: Int, maximumWindows: Int = PodWindowSeries.defaultMaximumWindows,
    cellBudget: Int = PodWindowSeries.defaultCellBudget
  ) {
    precondition(window.nanoseconds > 0, "window must be positive")
    precondition(maximumWindows >= 2, "a series needs room for two windows")
    self.requestedWindow = window
    self.window = window
    self.podCount = podCount
    self.windowLimit = maximumWindows
    self.cellBudget = cellBudget
  }

  /// Whether the window was widened to keep the window count bounded.
  public var widened: Bool { window != requestedWindow }

  /// Index of the window that contains `time` (times before the origin fall in window 0).
  @inlinable public func windowIndex(_ time: SimInstant) -> Int {
    Int(max(0, time.nanoseconds - origin.nanoseconds) / window.nanoseconds)
  }

  /// Start of window `index`.
  public func windowStart(_ index: Int) -> SimInstant {
    SimInstant(nanoseconds: origin.nanoseconds + Int64(index) * window.nanoseconds)
  }

  /// Registers a pod that joined the fleet.
  public mutating func addPod() { podCount += 1 }

  /// The index of the window holding `time`, widening windows first if it lies beyond the cap.
  private mutating func boundedWindowIndex(_ time: SimInstant) -> Int {
    var w = windowIndex(time)
    let limit = maximumWindows
    while w >= limit || cells.count > limit {
      widen()
      w = windowIndex(time)
    }
    return w
  }

  /// Doubles the window, merging windows 2i and 2i+1 into window i.
  private mutating func widen() {
    let (doubled, overflow) = window.nanoseconds.multipliedReportingOverflow(by: 2)
    precondition(!overflow, "a window cannot outgrow the clock")
    window = SimDuration(nanoseconds: doubled)
    cells = stride(from: 0, to: cells.count, by: 2).map { w in
      guard w + 1 < cells.count else { return cells[w] }
      return Self.merged(cells[w], cells[w + 1])
    }
    spills = stride(from: 0, to: spills.count, by: 2).map { w in
      w + 1 < spills.count ? spills[w] + spills[w + 1] : spills[w]
    }
    offeredMU = stride(from: 0, to: offeredMU.count, by: 2).map { w in
      w + 1 < offeredMU.count ? offeredMU[w] + offeredMU[w + 1] : offeredMU[w]
    }
  }

  private static func merged(_ a: [PodWindowCell], _ b: [PodWindowCell]) -> [PodWindowCell] {
    var row = a.count >= b.count ? a : b
    for (p, cell) in (a.count >= b.count ? b : a).enumerated() { row[p].absorb(cell) }
    return row
  }

  private mutating func withCell(_ time: SimInstant, _ pod: PodID, _ body: (inout PodWindowCell) -> Void) {
    let w = boundedWindowIndex(time)
    while cells.count <= w { cells.append([]) }
    if cells[w].count < podCount {
      cells[w].append(contentsOf: repeatElement(PodWindowCell(), count: podCount - cells[w].count))
    }
    guard pod.rawValue >= 0 && pod.rawValue < cells[w].count else { return }
    body(&cells[w][pod.rawValue])
  }

  /// Adds one load sample of `pod` taken at `time`.
  public mutating func recordSample(_ sample: PodLoadSample, pod: PodID, at time: SimInstant) {
    withCell(time, pod) { cell in
      cell.muSampleSum += sample.mu
      cell.muMax = Swift.max(cell.muMax, sample.mu)
      cell.runningSampleSum += Double(sample.running)
      cell.waitingSampleSum += Double(sample.waiting)
      cell.kvUtilizationSampleSum += sample.kvUtilization
      cell.samples += 1
      cell.prefillMUSampleSum += sample.prefillMU
      if sample.mu > 0.9 * sample.capacityMU {
        cell.samplesAbove90 += 1
        if sample.prefillMU > PodWindowCell.boundShare * sample.mu { cell.samplesPrefillBound += 1 }
        if sample.mu - sample.prefillMU > PodWindowCell.boundShare * sample.mu { cell.samplesDecodeBound += 1 }
      }
    }
  }

  /// Adds one completed request of `pod` at `time`.
  public mutating func recordCompletion(pod: PodID, at time: SimInstant, inputTokens: Int, cachedTokens: Int) {
    withCell(time, pod) { cell in
      cell.completed += 1
      cell.inputTokens += inputTokens
      cell.cachedTokens += cachedTokens
    }
  }

  /// Adds `count` all-zero load samples of `pod` to the window containing `time`: report ticks
  /// a replay skipped while the whole fleet was idle.
  public mutating func recordIdleSamples(_ count: Int, pod: PodID, at time: SimInstant) {
    guard count > 0 else { return }
    withCell(time, pod) { $0.samples += count }
  }

  /// Counts one spill at `time`.
  public mutating func recordSpill(at time: SimInstant) {
    let w = boundedWindowIndex(time)
    if spills.count <= w { spills.append(contentsOf: repeatElement(0, count: w + 1 - spills.count)) }
    spills[w] += 1
  }

  /// Adds `mu` offered by a request arriving at `time`.
  public mutating func recordOffered(mu: Double, at time: SimInstant) {
    let w = boundedWindowIndex(time)
    if offeredMU.count <= w { offeredMU.append(contentsOf: repeatElement(0, count: w + 1 - offeredMU.count)) }
    offeredMU[w] += mu
  }

  /// Pads every window to the final pod count so that consumers see a rectangle.
  public mutating func finish() {
    for w in cells.indices where cells[w].count < podCount {
      cells[w].append(contentsOf: repeatElement(PodWindowCell(), count: podCount - cells[w].count))
    }
  }
}
