import SimCore
import Workload

/// Dicer's generation rules as a value-type state machine: when to make a new assignment, and
/// what it moved. The caller owns the clock and calls `maybeGenerate` whenever it likes (e.g.
/// every second, or at `nextCheck`).
public struct AutoSharder: Sendable {
  /// Why an assignment was generated.
  public enum Reason: String, Sendable, Equatable {
    case firstAssignment = "first_assignment"
    case healthChange = "health_change"
    case loadBalancing = "load_balancing"
  }

  /// One generated assignment, for reports.
  public struct Generation: Sendable, Equatable {
    public var generation: Int
    public var time: SimInstant
    public var reason: Reason
    /// Movement against the previous assignment; nil for the first.
    public var churn: ChurnReport?
  }

  public let config: ShardingConfiguration
  /// The latest assignment, nil before the first.
  public private(set) var current: Assignment?
  /// Sorted pods of `current`.
  public private(set) var assignedPods: [PodID] = []
  /// When the latest assignment was generated.
  public private(set) var lastGenerationTime: SimInstant?
  /// The latest generation's record.
  public private(set) var lastGeneration: Generation?

  /// A sharder with no assignment yet.
  public init(config: ShardingConfiguration) { self.config = config }

  /// The reason a generation is due at `now` for `healthyPods`, or nil.
  ///
  /// Order as in Dicer: no assignment yet, then a health change (the healthy set differs from
  /// the assigned set), then the load-balancing interval; all behind the 10 s rate limit.
  public func dueReason(now: SimInstant, healthyPods: [PodID]) -> Reason? {
    guard !healthyPods.isEmpty else { return nil }
    guard let last = lastGenerationTime else { return .firstAssignment }
    guard now >= last + config.minGenerationInterval else { return nil }
    // Cheap when the caller passes the pods sorted and unchanged (the common case).
    if healthyPods != assignedPods, Array(Set(healthyPods)).sorted() != assignedPods { return .healthChange }
    if now >= last + config.loadBalancingInterval { return .loadBalancing }
    return nil
  }

  /// A new assignment if one is due at `now`, generated from `tracker`'s load map; the caller
  /// must then `adopt` it into the tracker (or use the `adoptingInto:` form).
  public mutating func maybeGenerate(
    now: SimInstant, healthyPods: [PodID], tracker: SliceLoadTracker, keySample: [UInt64] = []
  ) -> Assignment? {
    guard let reason = dueReason(now: now, healthyPods: healthyPods) else { return nil }
    let next: Assignment
    var churn: ChurnReport?
    if let base = current {
      next = ShardingAlgorithm.generate(
        base: base, healthyPods: healthyPods, loadMap: tracker.loadMap(at: now), config: config)
      churn = ChurnReport.between(base, next, keySample: keySample)
    } else {
      guard let first = ShardingAlgorithm.initialAssignment(pods: healthyPods, config: config) else { return nil }
      next = first
    }
    current = next
    assignedPods = next.pods
    lastGenerationTime = now
    lastGeneration = Generation(generation: next.generation, time: now, reason: reason, churn: churn)
    return next
  }

  /// `maybeGenerate` that also switches `tracker` to the new assignment's slices.
  public mutating func maybeGenerate(
    now: SimInstant, healthyPods: [PodID], adoptingInto tracker: inout SliceLoadTracker, keySample: [UInt64] = []
  ) -> Assignment? {
    guard let next = maybeGenerate(now: now, healthyPods: healthyPods, tracker: tracker, keySample: keySample) else {
      return nil
    }
    tracker.adopt(next, at: now)
    return next
  }

  /// The earliest time a load-balancing generation can be due (health changes may come sooner,
  /// but never before `lastGenerationTime + minGenerationInterval`).
  public var nextLoadBalancingTime: SimInstant? {
    lastGenerationTime.map { $0 + config.loadBalancingInterval }
  }
}
