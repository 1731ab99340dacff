import Measurements
import SimCore

extension MarkdownReport {
  /// The injected fleet events and what they cost each policy; empty when there were none.
  static func fleetEventsSection(_ report: ReplayReport) -> String {
    guard let first = report.runs.first(where: { !$0.fleet.events.isEmpty }) else { return "" }
    var out = "## Fleet events\n\n"
    out += "Marked as dashed lines on the heatmaps and the spill timeline. A crashed pod loses its running and queued "
    out += "requests; routers stop sending to it one report interval later (a request that reaches it first is re-routed "
    out += "once), the sharder after its unhealthy timeout.\n\n"
    // One clock with the charts: with --from, seconds from the window's start (a warm-up
    // event is negative); otherwise seconds from the replay's first request.
    let origin = first.pods.origin
    let windowed = origin > SimInstant.zero
    out += windowed ? "| time (s from --from) | event |\n|---:|---|\n" : "| time (s) | event |\n|---:|---|\n"
    for event in first.fleet.events.prefix(50) {
      let seconds = windowed ? (event.time - origin).seconds : event.time.seconds
      out += "| \(NumberFormat.grouped(seconds, 1))\(seconds < 0 ? " (warm-up)" : "") | \(event.label) |\n"
    }
    if first.fleet.events.count > 50 { out += "| ... | \(NumberFormat.grouped(first.fleet.events.count - 50)) more |\n" }
    out += "\n| policy | lost | re-routed | rejected | completed |\n|---|---:|---:|---:|---:|\n"
    for run in report.runs {
      out += "| \(run.policy) | \(NumberFormat.grouped(run.lost)) | \(NumberFormat.grouped(run.fleet.rerouted)) | "
      out += "\(NumberFormat.grouped(run.rejected)) | \(NumberFormat.grouped(run.completed)) |\n"
    }
    let warmupLost = report.runs.filter { $0.warmupLost > 0 }
    if !warmupLost.isEmpty {
      out += "\nWarm-up requests (before `--from`, measured nowhere else) lost in the crash: "
      out += warmupLost.map { "\($0.policy) \(NumberFormat.grouped($0.warmupLost))" }.joined(separator: ", ") + ".\n"
    }
    return out + "\n"
  }

  /// What the autoscaler did and what the fleet cost against a fixed fleet of its peak size.
  static func autoscalingSection(_ report: ReplayReport) -> String {
    let scaled = report.runs.filter(\.fleet.autoscaled)
    guard !scaled.isEmpty else { return "" }
    var out = "## Autoscaling\n\n![Pods over time](\(FleetCharts.podsOverTimeName))\n\n"
    out += "| policy | scale-ups | scale-downs | peak pods | pod-minutes | fixed fleet of peak size | saved | "
    out += "new-pod hit rate (first minute) | fleet hit rate |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for run in scaled {
      let fleet = run.fleet
      let fixed = fleet.fixedPeakPodMinutes(over: run.simulatedDuration)
      let saved = max(0, fixed - fleet.podMinutes)
      out += "| \(run.policy) | \(fleet.scaleUps) | \(fleet.scaleDowns) | \(fleet.peakPods) | "
      out += "\(NumberFormat.grouped(fleet.podMinutes, 1)) | \(NumberFormat.grouped(fixed, 1)) | "
      out += "\(NumberFormat.grouped(saved, 1)) (\(NumberFormat.percent(fixed > 0 ? saved / fixed : 0, 0))) | "
      out += (fleet.warmupInputTokens > 0 ? NumberFormat.percent(fleet.warmupHitRate) : "-")
      out += " | \(NumberFormat.percent(run.cacheHitRate)) |\n"
    }
    out += "\nPod-minutes count pods from the order (cold start) until they have drained. "
    out += "Every action (time, pod, utilisation, pods after) is in `scaling.csv`.\n\n"
    return out
  }
}
