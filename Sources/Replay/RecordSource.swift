import Workload

/// A stream of log records in arrival order, pulled one at a time so a replay never holds
/// more than the next arrival.
public protocol RecordSource {
  /// The next record, or nil at the end of the log.
  mutating func next() throws -> TraceRecord?
}

/// Records from an array: for tests and for generated logs.
public struct ArrayRecordSource: RecordSource, Sendable {
  private var records: [TraceRecord]
  private var index = 0

  public init(_ records: [TraceRecord]) { self.records = records }

  public mutating func next() -> TraceRecord? {
    guard index < records.count else { return nil }
    defer { index += 1 }
    return records[index]
  }
}
