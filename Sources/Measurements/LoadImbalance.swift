import SimCore
import Workload

/// MU load imbalance over the traffic: for each window, the hottest pod's mean in-flight MU
/// divided by the fleet mean (1.0 is perfect balance), over the windows that count.
///
/// A window counts when it lies within the arrival span (from the window of the first arrival to
/// the window of the last one: the drain after the last arrival measures how the fleet empties,
/// not how the policy spread the traffic) and the fleet is busy in it: its fleet MU is at least
/// `busyShare` of the busiest counted window's. A near-idle window where one pod finishes a
/// straggler scores the pod count and says nothing about routing. The mean weighs each window by
/// its fleet MU; the tail is the p99 over counted windows, which is their maximum when fewer
/// than 100 count (`tailIsMax`), and reports name it so.
public struct LoadImbalance: Sendable, Equatable {
  /// A window counts when its fleet MU is at least this share of the busiest window's.
  public static let busyShare = 0.25
  /// Windows a p99 needs before it differs from the maximum.
  public static let percentileWindows = 100

  /// Mean over counted windows of max/mean, weighted by each window's fleet MU.
  public var mean: Double
  /// 99th percentile over counted windows of max/mean (nearest rank: the maximum below 100 windows).
  public var p99: Double
  /// Largest max/mean of any counted window.
  public var max: Double
  /// Windows that counted.
  public var windows: Int
  /// Windows with load left out: after the last arrival (drain) or near-idle.
  public var drainWindows: Int
  public var idleWindows: Int
  /// Largest max/mean over the drain windows (0 without any).
  public var drainMax: Double
  /// The pod and window with the highest mean in-flight MU among counted windows.
  public var hottestPod: PodID?
  public var hottestWindow: Int?
  public var hottestMU: Double
  /// Pod-seconds (sampled) spent above 90% of capacity, summed over pods and every window.
  public var podSecondsAbove90: Double

  /// True when fewer than `percentileWindows` windows counted, so `p99` is the maximum.
  public var tailIsMax: Bool { windows < Self.percentileWindows }
  /// The tail statistic's name for reports: `max` or `p99`.
  public var tailName: String { tailIsMax ? "max" : "p99" }

  /// Computes the imbalance of `series`, whose samples were taken every `sampleInterval`, over the
  /// windows from `firstArrival` to `lastArrival` (every window when either is nil).
  public init(
    _ series: PodWindowSeries, sampleInterval: SimDuration, firstArrival: SimInstant? = nil,
    lastArrival: SimInstant? = nil
  ) {
    let firstWindow = firstArrival.map(series.windowIndex) ?? 0
    let lastWindow = lastArrival.map(series.windowIndex) ?? Int.max
    var spanRows: [(window: Int, ratio: Double, load: Double)] = []
    var drain: [Double] = []
    var above90Samples = 0
    for (w, row) in series.cells.enumerated() {
      var sum = 0.0
      var peak = 0.0
      for cell in row {
        sum += cell.meanMU
        peak = Swift.max(peak, cell.meanMU)
        above90Samples += cell.samplesAbove90
      }
      let active = row.filter { $0.samples > 0 }.count
      guard sum > 0, active > 0 else { continue }
      let ratio = peak / (sum / Double(active))
      if w > lastWindow {
        drain.append(ratio)
      } else if w >= firstWindow {
        spanRows.append((w, ratio, sum))
      }
    }
    let busiest = spanRows.map(\.load).max() ?? 0
    let counted = spanRows.filter { $0.load >= Self.busyShare * busiest }
    windows = counted.count
    idleWindows = spanRows.count - counted.count
    drainWindows = drain.count
    drainMax = drain.max() ?? 0
    let weight = counted.reduce(0) { $0 + $1.load }
    mean = weight > 0 ? counted.reduce(0) { $0 + $1.ratio * $1.load } / weight : 0
    max = counted.map(\.ratio).max() ?? 0
    let sorted = counted.map(\.ratio).sorted()
    p99 = sorted.isEmpty ? 0 : sorted[Swift.min(sorted.count - 1, Int((0.99 * Double(sorted.count)).rounded(.up)) - 1)]
    var hottest: (pod: Int, window: Int, mu: Double)? = nil
    for window in counted.map(\.window) {
      for (p, cell) in series.cells[window].enumerated() where cell.meanMU > (hottest?.mu ?? 0) {
        hottest = (p, window, cell.meanMU)
      }
    }
    hottestPod = hottest.map { PodID($0.pod) }
    hottestWindow = hottest?.window
    hottestMU = hottest?.mu ?? 0
    podSecondsAbove90 = Double(above90Samples) * sampleInterval.seconds
  }

  /// The imbalance of `run` over its arrival span.
  public init(_ run: PolicyMetrics, sampleInterval: SimDuration) {
    self.init(run.pods, sampleInterval: sampleInterval, firstArrival: run.firstArrival, lastArrival: run.lastArrival)
  }
}
