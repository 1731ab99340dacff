/// A point in simulated time, in integer nanoseconds since the start of the replay.
///
/// Integer time keeps event ordering exact and replays byte-identical; floating-point seconds
/// appear only at the report edge.
public struct SimInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Nanoseconds since the simulation's origin.
  public var nanoseconds: Int64

  @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

  /// The origin of simulated time.
  public static let zero = SimInstant(nanoseconds: 0)
  /// Later than any event a replay can schedule.
  public static let distantFuture = SimInstant(nanoseconds: .max)

  /// Seconds since the origin, for reports.
  @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

  @inlinable public static func < (lhs: SimInstant, rhs: SimInstant) -> Bool {
    lhs.nanoseconds < rhs.nanoseconds
  }
  @inlinable public static func + (lhs: SimInstant, rhs: SimDuration) -> SimInstant {
    SimInstant(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
  }
  @inlinable public static func - (lhs: SimInstant, rhs: SimDuration) -> SimInstant {
    SimInstant(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
  }
  @inlinable public static func - (lhs: SimInstant, rhs: SimInstant) -> SimDuration {
    SimDuration(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
  }

  public var description: String { "t=\(nanoseconds)ns" }
}

/// A length of simulated time, in integer nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The length in nanoseconds; never negative for scheduling purposes.
  public var nanoseconds: Int64

  @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

  public static let zero = SimDuration(nanoseconds: 0)

  /// A duration from seconds, rounded to the nearest nanosecond.
  @inlinable public static func seconds(_ value: Double) -> SimDuration {
    SimDuration(nanoseconds: Int64((value * 1e9).rounded()))
  }
  /// The longest duration a user may give (a flag, a scenario, contracts or events file): 10^9 s,
  /// about 31 years. The nanosecond clock spans 292 years, so such a duration, added to any log
  /// time the readers accept (within ±4e9 s of the epoch), never overflows it.
  public static let longestInputSeconds = 1e9

  /// `value` seconds when it is a number from 0 up to `longestInputSeconds`; nil otherwise, so
  /// that an input path reports the value instead of trapping on it.
  public static func checkedSeconds(_ value: Double) -> SimDuration? {
    guard value.isFinite, value >= 0, value <= longestInputSeconds else { return nil }
    return .seconds(value)
  }

  /// A duration from milliseconds, rounded to the nearest nanosecond.
  @inlinable public static func milliseconds(_ value: Double) -> SimDuration {
    SimDuration(nanoseconds: Int64((value * 1e6).rounded()))
  }

  @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }
  @inlinable public var milliseconds: Double { Double(nanoseconds) / 1e6 }

  @inlinable public static func < (lhs: SimDuration, rhs: SimDuration) -> Bool {
    lhs.nanoseconds < rhs.nanoseconds
  }
  @inlinable public static func + (lhs: SimDuration, rhs: SimDuration) -> SimDuration {
    SimDuration(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
  }
  @inlinable public static func * (lhs: SimDuration, rhs: Int64) -> SimDuration {
    SimDuration(nanoseconds: lhs.nanoseconds &* rhs)
  }

  public var description: String { "\(nanoseconds)ns" }
}
