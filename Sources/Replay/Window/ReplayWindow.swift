import SimCore
import Traces
import Workload

/// A post-incident window of a log: replay from `from` to `to`, after a warm-up that loads the
/// fleet (pods, caches, sharder) but is left out of every metric.
public struct ReplayWindow: Sendable, Equatable {
  /// One end of the window as the user wrote it.
  public enum Bound: Sendable, Equatable {
    /// Seconds from the log's first record.
    case offset(seconds: Double)
    /// An absolute instant, nanoseconds since the Unix epoch (from an RFC 3339 time).
    case instant(epochNanos: Int64)
  }

  /// Log timestamps below this are on a relative clock (before 2000-01-01), not the Unix epoch.
  static let epochClockThreshold: Int64 = 946_684_800 * 1_000_000_000

  public var from: Bound?
  public var to: Bound?
  /// Seconds before `from` whose requests warm the fleet up unmeasured.
  public var warmupSeconds: Double

  public init(from: Bound? = nil, to: Bound? = nil, warmupSeconds: Double = 0) {
    self.from = from
    self.to = to
    self.warmupSeconds = warmupSeconds
  }

  /// True when the whole log is replayed and measured.
  public var isWholeLog: Bool { from == nil && to == nil && warmupSeconds == 0 }

  /// Parses `--from`/`--to`: seconds from the log's start (`600`, `1.5`) or an RFC 3339 time.
  public static func parseBound(_ text: String, flag: String) throws(ConfigurationError) -> Bound {
    if let seconds = Double(text), SimDuration.checkedSeconds(seconds) != nil { return .offset(seconds: seconds) }
    if let nanos = DateTimeText.epochNanoseconds(text) { return .instant(epochNanos: nanos) }
    throw ConfigurationError(
      "\(flag) '\(text)': give seconds from the log's start, from 0 to 1e9 (e.g. 600), or an RFC 3339 time (e.g. 2023-11-16T18:20:00Z)")
  }

  /// The window in the log's own clock, given the timestamp of the log's first record.
  public func resolve(logStart: Int64) throws(ConfigurationError) -> ResolvedWindow {
    guard let warmup = SimDuration.checkedSeconds(warmupSeconds) else {
      throw ConfigurationError("--warmup must be a number of seconds from 0 to 1e9 (got \(warmupSeconds))")
    }
    guard warmupSeconds == 0 || from != nil else {
      throw ConfigurationError("--warmup needs --from: the warm-up is the time just before the window starts")
    }
    let start = try from.map { bound throws(ConfigurationError) in try absolute(bound, logStart: logStart, flag: "--from") }
    let end = try to.map { bound throws(ConfigurationError) in try absolute(bound, logStart: logStart, flag: "--to") }
    if let start, let end, end <= start {
      throw ConfigurationError("--to must be later than --from")
    }
    return ResolvedWindow(readFrom: start.map { $0 &- warmup.nanoseconds }, measureFrom: start, readTo: end)
  }

  func absolute(_ bound: Bound, logStart: Int64, flag: String) throws(ConfigurationError) -> Int64 {
    switch bound {
    case .offset(let seconds):
      guard let offset = SimDuration.checkedSeconds(seconds) else {
        throw ConfigurationError("\(flag) \(seconds): give seconds from the log's start, from 0 to 1e9")
      }
      return logStart &+ offset.nanoseconds
    case .instant(let nanos):
      guard logStart >= Self.epochClockThreshold else {
        throw ConfigurationError(
          "\(flag): the log's clock is relative (it starts at \(Double(logStart) / 1e9) s), so an RFC 3339 time "
            + "cannot be placed on it; give seconds from the log's start instead")
      }
      return nanos
    }
  }
}

/// A window on the log's own clock (nanoseconds as in `TraceRecord.arrivalNanos`).
public struct ResolvedWindow: Sendable, Equatable {
  /// Records before this are skipped while reading (the warm-up's start).
  public var readFrom: Int64?
  /// Requests before this are not measured (the window's start).
  public var measureFrom: Int64?
  /// Reading stops at the first record at or after this (the window's end, exclusive).
  public var readTo: Int64?

  public init(readFrom: Int64? = nil, measureFrom: Int64? = nil, readTo: Int64? = nil) {
    self.readFrom = readFrom
    self.measureFrom = measureFrom
    self.readTo = readTo
  }
}

/// Records of `base` inside a resolved window, streamed: records before the start are skipped
/// as they are read, and reading stops at the end (readers deliver arrival order).
public struct WindowedRecordSource<Base: RecordSource>: RecordSource {
  private var base: Base
  private let readFrom: Int64
  private let readTo: Int64
  private var finished = false

  public init(_ base: Base, window: ResolvedWindow) {
    self.base = base
    readFrom = window.readFrom ?? .min
    readTo = window.readTo ?? .max
  }

  public mutating func next() throws -> TraceRecord? {
    guard !finished else { return nil }
    while let record = try base.next() {
      if record.arrivalNanos < readFrom { continue }
      if record.arrivalNanos >= readTo { break }
      return record
    }
    finished = true
    return nil
  }
}
