import ArgumentParser
import Replay
import Reports
import SimCore

/// Options that change the fleet during a replay: injected events and the MU autoscaler.
struct LifecycleOptions: ParsableArguments {
  static let defaults = AutoscalerSettings()

  @Option(
    help: ArgumentHelp(
      "Fleet events to apply: JSON Lines such as {\"t\": 600, \"event\": \"pod_down\", \"pod\": 3}.",
      discussion: "Events: pod_down, pod_up, slow_pod (factor), planned_termination, sharder_outage (duration); t in seconds after the first arrival."))
  var events: String?

  @Flag(help: "Scale the fleet on MU utilisation (in-flight MU of live pods over their capacity, averaged over --scale-window).")
  var autoscale = false

  @Option(name: .customLong("autoscale-min"), help: "Fewest pods the autoscaler keeps.")
  var autoscaleMin = defaults.minPods

  @Option(name: .customLong("autoscale-max"), help: "Most pods the autoscaler provisions.")
  var autoscaleMax = defaults.maxPods

  @Option(name: .customLong("scale-up-at"), help: "Add pods when utilisation stays above this for --scale-up-sustain.")
  var scaleUpAt = defaults.scaleUpAt

  @Option(name: .customLong("scale-down-at"), help: "Remove pods when utilisation stays below this for --scale-down-sustain.")
  var scaleDownAt = defaults.scaleDownAt

  @Option(name: .customLong("scale-target"), help: "Utilisation a step aims at: new pods = ceil(pods x utilisation / target).")
  var scaleTarget = defaults.target

  @Option(name: .customLong("scale-window"), help: "Seconds of utilisation samples averaged.")
  var scaleWindow = defaults.window.seconds

  @Option(name: .customLong("scale-up-sustain"), help: "Seconds utilisation must stay above --scale-up-at.")
  var scaleUpSustain = defaults.upSustain.seconds

  @Option(name: .customLong("scale-down-sustain"), help: "Seconds utilisation must stay below --scale-down-at.")
  var scaleDownSustain = defaults.downSustain.seconds

  @Option(name: .customLong("cold-start"), help: "Seconds from ordering a pod to its first request.")
  var coldStart = defaults.coldStart.seconds

  @Option(name: .customLong("scale-step"), help: "Most pods added or removed per step (0: up to max(2, half the fleet), down to max(1, a tenth)).")
  var scaleStep = defaults.maxStep

  /// Adds the events these flags name to `configuration`; `clock` places RFC 3339 times.
  func applyEvents(to configuration: inout ReplayConfiguration, clock: EventClock?) throws {
    guard let events else { return }
    do { configuration.events = try FleetEventsFile.load(path: events, pods: configuration.pods, clock: clock) } catch {
      printError("Error: --events \(error)")
      throw ExitCode(1)
    }
  }

  /// Adds the autoscaler these flags describe to `configuration`.
  func apply(to configuration: inout ReplayConfiguration) throws {
    guard autoscale else { return }
    for (flag, seconds) in [
      ("--scale-window", scaleWindow), ("--scale-up-sustain", scaleUpSustain), ("--scale-down-sustain", scaleDownSustain),
      ("--cold-start", coldStart),
    ] where !(seconds.isFinite && seconds >= 0 && seconds < 1e9) {
      throw ValidationError("\(flag) \(seconds): use a number of seconds from 0 to 1e9")
    }
    var settings = AutoscalerSettings()
    settings.minPods = autoscaleMin
    settings.maxPods = autoscaleMax
    settings.scaleUpAt = scaleUpAt
    settings.scaleDownAt = scaleDownAt
    settings.target = scaleTarget
    settings.window = .seconds(scaleWindow)
    settings.upSustain = .seconds(scaleUpSustain)
    settings.downSustain = .seconds(scaleDownSustain)
    settings.coldStart = .seconds(coldStart)
    settings.maxStep = scaleStep
    do { try settings.validate(startingPods: configuration.pods) } catch { throw ValidationError(error.description) }
    configuration.autoscaler = settings
  }

  /// The events and autoscaler `configuration` runs with, for the report's header.
  func reportSettings(_ configuration: ReplayConfiguration) -> LifecycleSettings {
    var settings = LifecycleSettings()
    settings.eventsFile = events
    settings.eventCount = configuration.events.count
    settings.autoscaler = configuration.autoscaler.map { s in
      AutoscalerLimits(
        minPods: s.minPods, maxPods: s.maxPods, scaleUpAt: s.scaleUpAt, upSustainSeconds: s.upSustain.seconds,
        scaleDownAt: s.scaleDownAt, downSustainSeconds: s.downSustain.seconds, target: s.target, coldStartSeconds: s.coldStart.seconds)
    }
    return settings
  }
}
