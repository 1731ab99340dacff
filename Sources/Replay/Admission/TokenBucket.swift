import SimCore

/// A token bucket of model units refilled in simulated time.
///
/// The level is a Double but time is integer nanoseconds and every update happens in event
/// order, so a replay is deterministic. The level may go below zero: a queued request reserves
/// tokens the bucket has not refilled yet, and an under-estimated request is charged its
/// actual cost on completion. Debt is floored at minus the depth, so one huge request cannot
/// lock a tenant out for ever.
public struct TokenBucket: Sendable, Equatable {
  /// Refill rate in MU per nanosecond.
  public let ratePerNanosecond: Double
  /// Most MU the bucket holds.
  public let depth: Double
  /// MU available at `updated`.
  public private(set) var level: Double
  public private(set) var updated: SimInstant

  /// A full bucket refilled at `muPerMinute` that holds `burstSeconds` of it.
  public init(muPerMinute: Double, burstSeconds: Double, at start: SimInstant = .zero) {
    ratePerNanosecond = max(0, muPerMinute) / 60e9
    depth = max(0, muPerMinute) * max(0, burstSeconds) / 60
    level = depth
    updated = start
  }

  /// Adds what the bucket refilled between its last update and `now` (never past the depth).
  public mutating func refill(to now: SimInstant) {
    guard now > updated else { return }
    if level < depth { level = min(depth, level + Double((now - updated).nanoseconds) * ratePerNanosecond) }
    updated = now
  }

  /// True when the bucket can pay `cost` now (a cost above the depth never can).
  public func canPay(_ cost: Double) -> Bool { cost <= depth && level >= cost }

  /// How long until the bucket holds `cost`, counting only refills; nil when it never will.
  public func timeUntilAffordable(_ cost: Double) -> SimDuration? {
    guard cost <= depth else { return nil }
    if level >= cost { return .zero }
    guard ratePerNanosecond > 0 else { return nil }
    let nanoseconds = ((cost - level) / ratePerNanosecond).rounded(.up)
    guard nanoseconds < 9e18 else { return nil }
    return SimDuration(nanoseconds: Int64(nanoseconds))
  }

  /// Takes `cost` out of the bucket (the level may go negative for a reservation).
  public mutating func charge(_ cost: Double) { level -= cost }

  /// Charges `delta` more (a refund when negative), keeping the level within minus the depth
  /// and the depth; returns the amount actually charged.
  @discardableResult
  public mutating func adjust(by delta: Double) -> Double {
    let before = level
    var next = level - delta
    // A charge stops at minus the depth (or where a reservation already left the level).
    if delta > 0 { next = max(next, min(level, -depth)) }
    level = min(depth, next)
    return before - level
  }
}
