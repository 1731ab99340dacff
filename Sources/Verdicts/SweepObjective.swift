import Measurements
import SimCore

/// How a sweep picks its recommended point: a goal to optimise among the points that meet the
/// constraints, ties to the smaller subset (then fewer pods, then the earlier point).
public struct SweepObjective: Sendable, Equatable {
  /// What to optimise.
  public enum Goal: String, Sendable, CaseIterable, NamedChoice {
    case maxCacheHit = "max-cache-hit"
    case minP99TTFT = "min-p99-ttft"
    case minImbalance = "min-imbalance"
    case minBlastRadius = "min-blast-radius"

    /// The summary metric the goal reads.
    public var metric: MetricKey {
      switch self {
      case .maxCacheHit: .cacheHitRate
      case .minP99TTFT: .ttftP99AllMs
      case .minImbalance: .imbalanceP99
      case .minBlastRadius: .blastRadius
      }
    }

    /// True when a higher value is better.
    public var maximises: Bool { self == .maxCacheHit }
  }

  public var goal: Goal
  /// Largest acceptable p99 imbalance (hottest pod over fleet mean MU); nil for no absolute limit.
  public var maxImbalance: Double?
  /// Without `maxImbalance`: largest acceptable imbalance as a multiple of the best-balanced
  /// point's. The balance a fleet can reach depends on the log (a few very large requests keep
  /// any router above 3 on some logs) and on the pod count, so a fixed default limit is either
  /// unreachable or meaningless; relative to the best point it asks what the subsets cost in
  /// balance. Nil for no imbalance limit at all.
  public var maxImbalanceOverBest: Double?
  /// Set by `resolved(for:)`: the best point's imbalance that `maxImbalance` was derived from.
  public private(set) var bestImbalance: Double?
  /// Largest acceptable spill rate; nil for no limit.
  public var maxSpillRate: Double?
  /// Largest acceptable reject rate, counting the requests routing refused (held too long,
  /// rejected by the spill policy, no routable pod) but not those no pod could ever hold
  /// (`rejected_oversized`, a property of the log and the profile); nil for no limit.
  public var maxRejectRate: Double?

  public init(
    goal: Goal = .maxCacheHit, maxImbalance: Double? = nil, maxImbalanceOverBest: Double? = 1.25,
    maxSpillRate: Double? = 0.05, maxRejectRate: Double? = 0.01
  ) {
    self.goal = goal
    self.maxImbalance = maxImbalance
    self.maxImbalanceOverBest = maxImbalance == nil ? maxImbalanceOverBest : nil
    self.maxSpillRate = maxSpillRate
    self.maxRejectRate = maxRejectRate
  }

  /// The constraints in a fixed order: imbalance, spill rate, reject rate.
  public var constraints: [SweepConstraint] {
    var list: [SweepConstraint] = []
    if let maxImbalance { list.append(SweepConstraint(.imbalanceP99, maxImbalance)) }
    if let maxSpillRate { list.append(SweepConstraint(.spillRate, maxSpillRate)) }
    if let maxRejectRate { list.append(SweepConstraint(.routingRejectRate, maxRejectRate)) }
    return list
  }

  /// The objective with a relative imbalance limit turned into an absolute one over `points`
  /// (unchanged when it has an absolute limit or none, or without points).
  public func resolved(for points: [SweepResult]) -> SweepObjective {
    guard maxImbalance == nil, let factor = maxImbalanceOverBest,
      let best = points.map({ $0.value(.imbalanceP99) }).filter({ $0.isFinite && $0 > 0 }).min()
    else { return self }
    var resolved = self
    resolved.maxImbalance = factor * best
    resolved.bestImbalance = best
    return resolved
  }

  /// The constraints `point` misses, in order.
  public func misses(_ point: SweepResult) -> [SweepConstraint] {
    constraints.filter { point.value($0.metric) > $0.limit }
  }

  /// True when `point` meets every constraint.
  public func meets(_ point: SweepResult) -> Bool { violation(point) == 0 }

  /// How far `point` is outside the constraints: the sum of relative excesses (0 when it meets them).
  public func violation(_ point: SweepResult) -> Double {
    constraints.reduce(0) { sum, c in
      let value = point.value(c.metric)
      // A point without a finite value cannot be judged: it misses by a wide margin.
      guard value.isFinite else { return sum + 1e6 }
      let excess = value - c.limit
      // A zero limit would make any excess infinite; measure against 1% instead.
      return excess > 0 ? sum + excess / max(c.limit, 0.01) : sum
    }
  }

  /// The goal's value rounded to the metric's shown precision, so near-equal values tie.
  func score(_ point: SweepResult) -> Double {
    let metric = point.metrics.first { $0.key == goal.metric }
    let digits = metric?.digits ?? 3
    var scale = 1.0
    for _ in 0..<max(0, min(digits, 9)) { scale *= 10 }
    let rounded = ((metric?.value ?? 0) * scale).rounded() / scale
    return goal.maximises ? -rounded : rounded
  }

  /// True when point `a` (index `i`) ranks before point `b` (index `j`).
  func isBetter(_ a: SweepResult, _ i: Int, than b: SweepResult, _ j: Int) -> Bool {
    let (sa, sb) = (score(a), score(b))
    if sa != sb { return sa < sb }
    if a.reach != b.reach { return a.reach < b.reach }
    if a.pods != b.pods { return a.pods < b.pods }
    return i < j
  }

  /// The recommended point, or when none meets the constraints the closest one; nil without points.
  public func choose(_ points: [SweepResult]) -> SweepChoice? {
    guard !points.isEmpty else { return nil }
    let objective = resolved(for: points)
    guard objective == self else { return objective.choose(points) }
    let indexed = Array(points.enumerated())
    let feasible = indexed.filter { meets($0.element) }
    if let best = feasible.min(by: { isBetter($0.element, $0.offset, than: $1.element, $1.offset) }) {
      return SweepChoice(index: best.offset, meetsConstraints: true, feasibleCount: feasible.count)
    }
    let closest = indexed.min { a, b in
      let (va, vb) = (violation(a.element), violation(b.element))
      if va != vb { return va < vb }
      return isBetter(a.element, a.offset, than: b.element, b.offset)
    }
    return closest.map { SweepChoice(index: $0.offset, meetsConstraints: false, feasibleCount: 0) }
  }
}

/// The point a sweep recommends.
public struct SweepChoice: Sendable, Equatable {
  /// Index into the sweep's points.
  public var index: Int
  /// False when no point met the constraints and this is the closest one.
  public var meetsConstraints: Bool
  /// Points that met the constraints.
  public var feasibleCount: Int

  public init(index: Int, meetsConstraints: Bool, feasibleCount: Int) {
    self.index = index
    self.meetsConstraints = meetsConstraints
    self.feasibleCount = feasibleCount
  }
}

/// One limit of an objective: the metric and the largest acceptable value.
public struct SweepConstraint: Sendable, Equatable {
  public var metric: MetricKey
  public var limit: Double

  public init(_ metric: MetricKey, _ limit: Double) {
    self.metric = metric
    self.limit = limit
  }
}
