import Measurements

extension SummaryMetrics {
  /// Fleet lifecycle columns: events, re-routes, autoscaling and what the fleet cost.
  static func fleetMetrics(of run: PolicyMetrics) -> [SummaryMetric] {
    let fleet = run.fleet
    let fixed = fleet.fixedPeakPodMinutes(over: run.simulatedDuration)
    return [
      SummaryMetric(.fleetEvents, Double(fleet.events.count), digits: 0),
      SummaryMetric(.rerouted, Double(fleet.rerouted), digits: 0),
      SummaryMetric(.lostRate, Double(run.lost) / Double(max(run.offered, 1)), digits: 4),
      SummaryMetric(.warmupLost, Double(run.warmupLost), digits: 0),
      SummaryMetric(.podMinutes, fleet.podMinutes, digits: 1),
      SummaryMetric(.peakPods, Double(fleet.peakPods), digits: 0),
      SummaryMetric(.fixedPeakPodMinutes, fixed, digits: 1),
      // Only an autoscaler saves pod-minutes; crashes shrinking a fixed fleet are no saving.
      SummaryMetric(.podMinutesSaved, fleet.autoscaled ? max(0, fixed - fleet.podMinutes) : 0, digits: 1),
      SummaryMetric(.scaleUps, Double(fleet.scaleUps), digits: 0),
      SummaryMetric(.scaleDowns, Double(fleet.scaleDowns), digits: 0),
      SummaryMetric(.newPodHitRate, fleet.warmupHitRate, digits: 4),
    ]
  }
}
