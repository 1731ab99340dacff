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
/// `U` is averaged over the samples of the last `window`. Above `scaleUpAt` continuously for
/// `upSustain`, it asks for `ceil(N·U/target) − N` pods (at least 1, at most the step limit and
/// `maxPods`); below `scaleDownAt` for `downSustain`, for `N − max(minPods, ceil(N·U/target))`
/// fewer (at least 1, at most the step limit). Below `minPods` it restores the minimum at once.
/// After an action the sustain clock starts again, so steps are at least a sustain time apart.
public struct Autoscaler: Sendable {
  /// What to do now.
  public enum Decision: Sendable, Equatable {
    case scaleUp(pods: Int)
    case scaleDown(pods: Int)
  }

  /// The thresholds and limits in force.
  public let settings: AutoscalerSettings
  private var samples = Deque<(time: SimInstant, value: Double)>()
  private var sum = 0.0
  private var aboveSince: SimInstant?
  private var belowSince: SimInstant?

  /// An autoscaler with no samples yet.
  public init(settings: AutoscalerSettings) { self.settings = settings }

  /// The mean of the samples in the current window (0 before the first).
  public var utilisation: Double { samples.isEmpty ? 0 : sum / Double(samples.count) }

  /// Takes the fleet's utilisation `value` at `now` with `pods` provisioned (starting or live;
  /// draining pods are already on their way out) and returns the action due, if any.
  public mutating func observe(utilisation value: Double, pods: Int, at now: SimInstant) -> Decision? {
    samples.append((now, value))
    sum += value
    while let first = samples.first, first.time <= now - settings.window {
      sum -= first.value
      samples.removeFirst()
    }
    if pods < settings.minPods {
      aboveSince = nil
      belowSince = nil
      return .scaleUp(pods: settings.minPods - pods)
    }
    let u = utilisation
    let desired = Int((Double(pods) * u / settings.target).rounded(.up))
    if u > settings.scaleUpAt {
      belowSince = nil
      let since = aboveSince ?? now
      aboveSince = since
      guard now - since >= settings.upSustain, pods < settings.maxPods else { return nil }
      aboveSince = nil
      let step = settings.maxStep > 0 ? settings.maxStep : max(2, (pods + 1) / 2)
      return .scaleUp(pods: min(max(1, min(desired - pods, step)), settings.maxPods - pods))
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
