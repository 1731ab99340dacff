import SimCore

/// Whether the traffic outran the fleet in one replay: per window, the MU offered against the MU
/// the live pods can deliver, and whether the backlog (requests waiting on pods) kept growing.
///
/// Offered MU is the router's estimate at arrival, before prefix caching, so it overstates the
/// work of a cache-friendly log; the verdict therefore rests on the backlog as the pods saw it:
/// the run is overloaded when the waiting queue in the last quarter of the arrival span is at
/// least twice the first quarter's and at least one request per pod, or when draining after the
/// last arrival takes longer than a quarter of the arrival span, or when the fleet stayed
/// saturated: in at least half the windows that had arrivals, the offered MU exceeded capacity
/// while requests waited on the pods (at least one per pod on average). The last rule catches a
/// fleet that is behind from the first window on (no growth to see) and logs with idle hours
/// (whose quarters and drain say nothing of the busy part). Either way latency then measures the
/// backlog more than the routing.
public struct OverloadAnalysis: Sendable, Equatable {
  /// Windows within the arrival span.
  public var windows: Int
  /// Windows within the span whose offered MU exceeded the fleet's capacity.
  public var windowsOverCapacity: Int
  /// The busiest window's offered MU, per minute.
  public var peakOfferedMUPerMinute: Double
  /// Pods that deliver the peak window's offered MU (at `muPerPodMinute` each).
  public var podsNeededAtPeak: Int
  /// Mean requests waiting on the whole fleet in the first and the last quarter of the span.
  public var waitingEarly: Double
  public var waitingLate: Double
  /// Seconds from the last arrival to the last completion, and the arrival span's length.
  public var drainSeconds: Double
  public var spanSeconds: Double
  /// True when the backlog grew (see the type's rule).
  public var backlogGrew: Bool
  /// True when draining took longer than a quarter of the arrival span.
  public var longDrain: Bool
  /// Windows of the span that had arrivals.
  public var windowsWithArrivals: Int
  /// Windows of the span over capacity in which at least one request per pod waited on average.
  public var windowsSaturated: Int
  /// Mean requests waiting on the fleet over the saturated windows.
  public var waitingWhenSaturated: Double
  /// True when at least half the windows with arrivals were saturated.
  public var sustainedSaturation: Bool { windowsWithArrivals >= 2 && windowsSaturated * 2 >= windowsWithArrivals }

  /// The verdict: the fleet could not keep up.
  public var overloaded: Bool { backlogGrew || longDrain || sustainedSaturation }
  /// Share of the windows with arrivals that were over capacity (idle windows never are, and
  /// counting them would make a log with idle hours look light).
  public var overCapacityShare: Double {
    windowsWithArrivals > 0 ? Double(windowsOverCapacity) / Double(windowsWithArrivals) : 0
  }

  /// Analyses `run`, whose pods each deliver `muPerPodMinute` MU per minute.
  public init(_ run: PolicyMetrics, muPerPodMinute: Double) {
    let series = run.pods
    let windowSeconds = series.window.seconds
    let first = run.firstArrival.map(series.windowIndex) ?? 0
    let last = run.lastArrival.map(series.windowIndex) ?? (series.cells.count - 1)
    let span = first <= last ? Array(first...last) : []
    windows = span.count
    var over = 0
    var peak = 0.0
    var waiting: [Double] = []
    var podCount = 1
    var withArrivals = 0
    var saturated = 0
    var saturatedWaiting = 0.0
    for w in span {
      let row = w < series.cells.count ? series.cells[w] : []
      let live = row.filter { $0.samples > 0 }.count
      podCount = max(podCount, live)
      let offered = w < series.offeredMU.count ? series.offeredMU[w] : 0
      peak = max(peak, offered)
      let waitingNow = row.reduce(0) { $0 + $1.meanWaiting }
      waiting.append(waitingNow)
      if offered > 0 { withArrivals += 1 }
      guard offered > Double(live) * muPerPodMinute * windowSeconds / 60 else { continue }
      over += 1
      if live > 0 && waitingNow >= Double(live) {
        saturated += 1
        saturatedWaiting += waitingNow
      }
    }
    windowsOverCapacity = over
    windowsWithArrivals = withArrivals
    windowsSaturated = saturated
    waitingWhenSaturated = saturated > 0 ? saturatedWaiting / Double(saturated) : 0
    peakOfferedMUPerMinute = windowSeconds > 0 ? peak * 60 / windowSeconds : 0
    podsNeededAtPeak = muPerPodMinute > 0 ? Int((peakOfferedMUPerMinute / muPerPodMinute).rounded(.up)) : 0
    let quarter = max(1, waiting.count / 4)
    func mean(_ values: ArraySlice<Double>) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
    waitingEarly = mean(waiting.prefix(quarter))
    waitingLate = mean(waiting.suffix(quarter))
    backlogGrew = waiting.count >= 4 && waitingLate >= 2 * waitingEarly && waitingLate >= Double(podCount)
    let firstArrival = run.firstArrival ?? .zero
    let lastArrival = run.lastArrival ?? firstArrival
    spanSeconds = (lastArrival - firstArrival).seconds
    let end = series.origin + run.simulatedDuration
    drainSeconds = max(0, (end - lastArrival).seconds)
    longDrain = spanSeconds > 0 && drainSeconds > max(spanSeconds / 4, windowSeconds)
  }
}
