import Workload

/// Compresses (or stretches) a log's clock: "what if the same traffic arrived `speedup` times
/// as densely". Arrival offsets from `origin` (the log's first timestamp) are divided by
/// `speedup`; the order of arrivals, the requests and their sessions are unchanged.
///
/// Offsets are divided in floating point: a week of log is under 10^15 ns, well inside a
/// Double's exact integer range, so the result is exact to the nanosecond's rounding.
public struct TimeScale: Sendable, Equatable {
  /// How many times denser the replayed arrivals are (2: twice the rate).
  public var speedup: Double
  /// The log timestamp that stays fixed (ns, the log's own clock).
  public var origin: Int64

  /// A scale that leaves times as they are.
  public static let identity = TimeScale(speedup: 1, origin: 0)

  public init(speedup: Double, origin: Int64) {
    self.speedup = speedup
    self.origin = origin
  }

  /// Checks the factor a user gave.
  public static func validate(speedup: Double) throws(ConfigurationError) {
    guard speedup.isFinite, speedup >= 1e-3, speedup <= 1e6 else {
      throw ConfigurationError(
        "--speedup must be between 0.001 and 1000000 (got \(speedup)); 10 replays the log's traffic ten times as densely")
    }
  }

  /// `time` on the scaled clock.
  public func apply(_ time: Int64) -> Int64 {
    guard speedup != 1 else { return time }
    let offset = Double(time &- origin) / speedup
    return origin &+ Int64(offset.rounded(.down))
  }
}

/// A record source whose arrivals are on a scaled clock.
public struct TimeScaledRecordSource<Base: RecordSource>: RecordSource {
  private var base: Base
  public let scale: TimeScale

  public init(_ base: Base, scale: TimeScale) {
    self.base = base
    self.scale = scale
  }

  public mutating func next() throws -> TraceRecord? {
    guard var record = try base.next() else { return nil }
    record.arrivalNanos = scale.apply(record.arrivalNanos)
    return record
  }
}
