import Measurements
import Replay
import Verdicts
import Reports

extension SweepResult {
  /// The report row of `point`, whose replay measured `metrics`.
  init(point: SweepPoint, metrics: [SummaryMetric]) {
    self.init(
      policy: point.policy.rawValue, subsetSize: point.subsetSize?.description, subsetSizeMax: point.subsetSize?.max,
      pods: point.pods, spill: point.spill?.rawValue, muPerMinute: point.muPerMinute, metrics: metrics)
  }
}
