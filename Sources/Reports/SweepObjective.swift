import SimCore

/// How a sweep picks its recommended point: a goal to optimise among the points that meet the
/// constraints, ties to the smaller subset (then fewer pods, then the earlier point).
public struct SweepObjective: Sendable, Equatable, CustomStringConvertible {
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

    var maximises: Bool { self == .maxCacheHit }

    var phrase: String {
      switch self {
      case .maxCacheHit: "maximise cache hit rate"
      case .minP99TTFT: "minimise p99 TTFT over all offered requests (a rejected one counts as slower than any)"
      case .minImbalance: "minimise p99 load imbalance"
      case .minBlastRadius: "minimise blast radius (max load share)"
      }
    }
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

  /// The constraints as (metric, limit, label) in a fixed order.
  var constraints: [(metric: MetricKey, limit: Double, label: String)] {
    var list: [(MetricKey, Double, String)] = []
    if let maxImbalance { list.append((.imbalanceP99, maxImbalance, "imbalance p99 (the max below 100 windows)")) }
    if let maxSpillRate { list.append((.spillRate, maxSpillRate, "spill rate")) }
    if let maxRejectRate { list.append((.routingRejectRate, maxRejectRate, "reject rate (oversized excluded)")) }
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

  /// E.g. "maximise cache hit rate subject to p99 imbalance <= 1.5 and spill rate <= 0.05; ties to the smaller subset".
  public var description: String {
    let limits = constraints.map { c -> String in
      var text = "\(c.label) <= \(NumberFormat.compact(c.limit, maxDigits: 3))"
      if c.metric == .imbalanceP99, let bestImbalance, let factor = maxImbalanceOverBest {
        text += " (\(NumberFormat.compact(factor)) x the best point's \(NumberFormat.compact(bestImbalance, maxDigits: 3)))"
      }
      return text
    }
    if maxImbalance == nil, let factor = maxImbalanceOverBest {
      return goal.phrase + " subject to imbalance p99 <= \(NumberFormat.compact(factor)) x the best point's"
        + limits.map { " and " + $0 }.joined() + "; ties to the smaller subset"
    }
    let subject = limits.isEmpty ? "" : " subject to " + limits.joined(separator: " and ")
    return goal.phrase + subject + "; ties to the smaller subset"
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
