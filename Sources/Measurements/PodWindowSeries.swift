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

  public init() {}

  @inlinable public var meanMU: Double { samples > 0 ? muSampleSum / Double(samples) : 0 }
  @inlinable public var meanRunning: Double { samples > 0 ? runningSampleSum / Double(samples) : 0 }
  @inlinable public var meanWaiting: Double { samples > 0 ? waitingSampleSum / Double(samples) : 0 }
  @inlinable public var meanKVUtilization: Double {
    samples > 0 ? kvUtilizationSampleSum / Double(samples) : 0
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

  public init(mu: Double, running: Int, waiting: Int, kvUtilization: Double, capacityMU: Double) {
    self.mu = mu
    self.running = running
    self.waiting = waiting
    self.kvUtilization = kvUtilization
    self.capacityMU = capacityMU
  }
}

/// Per-pod, per-window time series of load, queueing, KV use and cache hits.
///
/// Memory is windows x pods cells: it grows with the replayed duration divided by the window
/// (a day at 60 s windows and 64 pods is about 92k cells), never with the number of requests.
public struct PodWindowSeries: Sendable {
  /// Window length.
  public let window: SimDuration
  /// `cells[w][p]` is pod p in window w; rows grow when the fleet grows.
  public private(set) var cells: [[PodWindowCell]] = []
  /// Pods known so far (the fleet may grow during a replay).
  public private(set) var podCount: Int
  /// Start of window 0 (later than zero when a warm-up before it is not measured).
  public var origin = SimInstant.zero

  public init(window: SimDuration, podCount: Int) {
    precondition(window.nanoseconds > 0, "window must be positive")
    self.window = window
    self.podCount = podCount
  }

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

  private mutating func withCell(_ time: SimInstant, _ pod: PodID, _ body: (inout PodWindowCell) -> Void) {
    let w = windowIndex(time)
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
      if sample.mu > 0.9 * sample.capacityMU { cell.samplesAbove90 += 1 }
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

  /// Pads every window to the final pod count so that consumers see a rectangle.
  public mutating func finish() {
    for w in cells.indices where cells[w].count < podCount {
      cells[w].append(contentsOf: repeatElement(PodWindowCell(), count: podCount - cells[w].count))
    }
  }
}
