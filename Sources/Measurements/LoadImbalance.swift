import SimCore
import Workload

/// MU load imbalance over time: for each window, the hottest pod's mean in-flight MU divided by
/// the fleet mean (1.0 is perfect balance).
public struct LoadImbalance: Sendable, Equatable {
  /// Mean over windows of max/mean.
  public var mean: Double
  /// 99th percentile over windows of max/mean (nearest rank).
  public var p99: Double
  /// Largest max/mean of any window.
  public var max: Double
  /// Windows that carried load.
  public var windows: Int
  /// The pod and window with the highest mean in-flight MU.
  public var hottestPod: PodID?
  public var hottestWindow: Int?
  public var hottestMU: Double
  /// Pod-seconds (sampled) spent above 90% of capacity, summed over pods.
  public var podSecondsAbove90: Double

  /// Computes the imbalance of `series`, whose samples were taken every `sampleInterval`.
  public init(_ series: PodWindowSeries, sampleInterval: SimDuration) {
    var ratios: [Double] = []
    var hottest: (pod: Int, window: Int, mu: Double)? = nil
    var above90Samples = 0
    for (w, row) in series.cells.enumerated() {
      var sum = 0.0
      var peak = 0.0
      for (p, cell) in row.enumerated() {
        let mu = cell.meanMU
        sum += mu
        peak = Swift.max(peak, mu)
        above90Samples += cell.samplesAbove90
        if mu > (hottest?.mu ?? 0) { hottest = (p, w, mu) }
      }
      let active = row.filter { $0.samples > 0 }.count
      if sum > 0, active > 0 { ratios.append(peak / (sum / Double(active))) }
    }
    windows = ratios.count
    mean = ratios.isEmpty ? 0 : ratios.reduce(0, +) / Double(ratios.count)
    max = ratios.max() ?? 0
    let sorted = ratios.sorted()
    p99 = sorted.isEmpty ? 0 : sorted[Swift.min(sorted.count - 1, Int((0.99 * Double(sorted.count)).rounded(.up)) - 1)]
    hottestPod = hottest.map { PodID($0.pod) }
    hottestWindow = hottest?.window
    hottestMU = hottest?.mu ?? 0
    podSecondsAbove90 = Double(above90Samples) * sampleInterval.seconds
  }
}
