import Measurements

extension SummaryMetrics {
  /// Fleet lifecycle columns: events, re-routes, autoscaling and what the fleet cost.
  static func fleetMetrics(of run: PolicyMetrics) -> [SummaryMetric] {
    let fleet = run.fleet
    let fixed = fleet.fixedPeakPodMinutes(over: run.simulatedDuration)
    return [
      SummaryMetric("fleet_events", Double(fleet.events.count), digits: 0),
      SummaryMetric("rerouted", Double(fleet.rerouted), digits: 0),
      SummaryMetric("lost_rate", Double(run.lost) / Double(max(run.offered, 1)), digits: 4),
      SummaryMetric("warmup_lost", Double(run.warmupLost), digits: 0),
      SummaryMetric("pod_minutes", fleet.podMinutes, digits: 1),
      SummaryMetric("peak_pods", Double(fleet.peakPods), digits: 0),
      SummaryMetric("fixed_peak_pod_minutes", fixed, digits: 1),
      // Only an autoscaler saves pod-minutes; crashes shrinking a fixed fleet are no saving.
      SummaryMetric("pod_minutes_saved", fleet.autoscaled ? max(0, fixed - fleet.podMinutes) : 0, digits: 1),
      SummaryMetric("scale_ups", Double(fleet.scaleUps), digits: 0),
      SummaryMetric("scale_downs", Double(fleet.scaleDowns), digits: 0),
      SummaryMetric("new_pod_hit_rate", fleet.warmupHitRate, digits: 4),
    ]
  }
}
