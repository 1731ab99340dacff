import Measurements
import SimCore

/// Charts of the fleet's lifecycle: event markers for the time-based charts, and the pod count
/// over time of autoscaled runs.
public enum FleetCharts {
  /// File name of the pods-over-time chart.
  public static let podsOverTimeName = "svg/pods.svg"

  /// A run's fleet events as (minutes since the start, label) marks.
  static func eventMarks(_ run: PolicyMetrics) -> [(minutes: Double, label: String)] {
    // Chart axes count from the measured window's start (`--from`); events in the warm-up are off the chart.
    run.fleet.events.filter { $0.time >= run.pods.origin }.map { (($0.time - run.pods.origin).seconds / 60, $0.label) }
  }

  /// Whether a report has a pods-over-time chart: some run was autoscaled.
  static func hasPodChart(_ report: ReplayReport) -> Bool { report.runs.contains { $0.fleet.autoscaled } }

  static func files(for report: ReplayReport) -> [ReportFile] {
    guard hasPodChart(report) else { return [] }
    var chart = LineChart(
      title: "Pods provisioned", xLabel: "time (minutes)", yLabel: "pods (starting, live or draining)",
      series: report.runs.filter(\.fleet.autoscaled).map { run in
        LineChart.Series(name: run.policy, points: steps(run.fleet.podCount, from: run.pods.origin))
      })
    chart.marks = report.runs.first.map(eventMarks)?.map { ($0.minutes, $0.label) } ?? []
    let peak = report.runs.map(\.fleet.peakPods).max() ?? 1
    chart.yRange = 0...Double(peak + 1)
    return [ReportFile(name: podsOverTimeName, contents: chart.render())]
  }

  /// A step function as polyline points: each count holds until the next step.
  /// Pod-count steps as chart points, in minutes from `origin` (steps before it start the line).
  static func steps(_ counts: [FleetMetrics.PodCountStep], from origin: SimInstant) -> [(x: Double, y: Double)] {
    var points: [(x: Double, y: Double)] = []
    for (index, step) in counts.enumerated() {
      let minutes = max(0, (step.time - origin).seconds) / 60
      if index > 0 { points.append((minutes, Double(counts[index - 1].pods))) }
      points.append((minutes, Double(step.pods)))
    }
    return points
  }
}
