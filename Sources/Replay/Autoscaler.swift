import DequeModule
import SimCore

/// Settings of the MU autoscaler; defaults from routing-stack.md §1.4.
public struct AutoscalerSettings: Sendable, Equatable {
  /// Fewest pods provisioned (at least 1; 2 keeps a spare for availability).
  public var minPods = 2
  /// Most pods provisioned.
  public var maxPods = 64
  /// Scale up when the windowed utilisation stays above this (u_high).
  public var scaleUpAt = 0.75
  /// Scale down when the windowed utilisation stays below this (u_low).
  public var scaleDownAt = 0.45
  /// Utilisation a scaling step aims at: `N' = ceil(N · U / target)`.
  public var target = 0.65
  /// Utilisation is averaged over this window (the design's 60 s of MU).
  public var window: SimDuration = .seconds(60)
  /// How long the utilisation must stay above `scaleUpAt` (two 30 s windows).
  public var upSustain: SimDuration = .seconds(60)
  /// How long the utilisation must stay below `scaleDownAt`.
  public var downSustain: SimDuration = .seconds(600)
  /// Time from ordering a pod to its first request (GPU node, image, weights).
  public var coldStart: SimDuration = .seconds(120)
  /// Most pods added or removed in one step; 0 uses the design's limits (up to
  /// `max(2, ceil(N/2))`, down to `max(1, ceil(N/10))`).
  public var maxStep = 0

  /// The design's defaults.
  public init() {}

  /// Checks the settings against each other and the starting fleet.
  public func validate(startingPods: Int) throws(ConfigurationError) {
    guard minPods >= 1, maxPods >= minPods else {
      throw ConfigurationError("autoscaler: need 1 <= --autoscale-min <= --autoscale-max (got \(minPods) and \(maxPods))")
    }
    guard (minPods...maxPods).contains(startingPods) else {
      throw ConfigurationError("autoscaler: --pods \(startingPods) must lie between --autoscale-min \(minPods) and --autoscale-max \(maxPods)")
    }
    guard scaleDownAt >= 0, scaleDownAt < target, target < scaleUpAt, scaleUpAt.isFinite else {
      throw ConfigurationError(
        "autoscaler: need 0 <= --scale-down-at < --scale-target < --scale-up-at (got \(scaleDownAt), \(target), \(scaleUpAt))")
    }
    guard window.nanoseconds > 0, upSustain.nanoseconds >= 0, downSustain.nanoseconds >= 0, coldStart.nanoseconds >= 0 else {
      throw ConfigurationError("autoscaler: the window must be positive, sustain times and cold start zero or more")
    }
    guard maxStep >= 0 else { throw ConfigurationError("autoscaler: --scale-step must be 0 (design limits) or more") }
  }
}

/// A utilisation-driven pod autoscaler as a value-type state machine: feed it one utilisation
/// sample per report tick, and it answers when to add or remove pods.
///
/// Each sample is the live pods' utilisation together with how many pods were live, so the
/// load they carried (`live x utilisation`, in pods' worth of capacity) is known. `U`, the mean
/// utilisation over the last `window`, is compared with the thresholds; the pods the load needs,
/// `desired = ceil(L / target)` with `L` the mean load over the same window, counts like with like
/// (live pods and the utilisation measured over them). Above `scaleUpAt` continuously for
/// `upSustain`, it orders `desired` minus the pods already live or starting (nothing when the
/// pods in cold start already cover the need; at most the step limit and `maxPods`); below
/// `scaleDownAt` for `downSustain`, it drains down to `max(minPods, desired)` (at least 1, at most
/// the step limit). Below `minPods` it restores the minimum at once. After an action the sustain
/// clock starts again, so steps are at least a sustain time apart.
public struct Autoscaler: Sendable {
  /// What to do now.
  public enum Decision: Sendable, Equatable {
    case scaleUp(pods: Int)
    case scaleDown(pods: Int)
  }

  /// The thresholds and limits in force.
  public let settings: AutoscalerSettings
  private var samples = Deque<(time: SimInstant, utilisation: Double, load: Double)>()
  private var sum = 0.0
  private var loadSum = 0.0
  private var aboveSince: SimInstant?
  private var belowSince: SimInstant?

  /// An autoscaler with no samples yet.
  public init(settings: AutoscalerSettings) { self.settings = settings }

  /// The mean of the samples in the current window (0 before the first).
  public var utilisation: Double { samples.isEmpty ? 0 : sum / Double(samples.count) }

  /// The mean load of the current window in pods' worth of capacity (0 before the first sample).
  public var load: Double { samples.isEmpty ? 0 : loadSum / Double(samples.count) }

  /// Takes the utilisation `value` of the `live` pods at `now`, with `starting` more in cold
  /// start (draining pods are already on their way out), and returns the action due, if any.
  public mutating func observe(utilisation value: Double, live: Int, starting: Int = 0, at now: SimInstant) -> Decision? {
    samples.append((now, value, value * Double(live)))
    sum += value
    loadSum += value * Double(live)
    while let first = samples.first, first.time <= now - settings.window {
      sum -= first.utilisation
      loadSum -= first.load
      samples.removeFirst()
    }
    let pods = live + starting
    if pods < settings.minPods {
      aboveSince = nil
      belowSince = nil
      return .scaleUp(pods: settings.minPods - pods)
    }
    let u = utilisation
    // A hair below the exact quotient so that 3.6 / 0.6 asks for 6 pods, not 7.
    let desired = Int((load / settings.target - 1e-9).rounded(.up))
    if u > settings.scaleUpAt {
      belowSince = nil
      let since = aboveSince ?? now
      aboveSince = since
      guard now - since >= settings.upSustain, pods < settings.maxPods else { return nil }
      // Pods in cold start were ordered for this same load: count them before ordering more.
      // The sustain clock keeps running, so the need is met at once if they turn out too few.
      guard desired > pods else { return nil }
      aboveSince = nil
      let step = settings.maxStep > 0 ? settings.maxStep : max(2, (pods + 1) / 2)
      return .scaleUp(pods: min(desired - pods, step, settings.maxPods - pods))
    }
    aboveSince = nil
    guard u < settings.scaleDownAt else {
      belowSince = nil
      return nil
    }
    let since = belowSince ?? now
    belowSince = since
    guard now - since >= settings.downSustain, pods > settings.minPods else { return nil }
    belowSince = nil
    let step = settings.maxStep > 0 ? settings.maxStep : max(1, (pods + 9) / 10)
    let floor = max(settings.minPods, desired)
    return .scaleDown(pods: min(max(1, min(pods - floor, step)), pods - settings.minPods))
  }
}
