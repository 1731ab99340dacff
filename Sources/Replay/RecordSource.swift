import Workload

/// What a replay reads: log records in arrival order with their prefix blocks chained, pulled
/// one at a time so a replay never holds more than the next arrival.
public protocol ChainedRecordSource {
  /// The next record, or nil at the end of the log.
  mutating func nextChained() throws -> ChainedRecord?
}

/// A stream of log records in arrival order, pulled one at a time so a replay never holds
/// more than the next arrival.
public protocol RecordSource: ChainedRecordSource {
  /// The next record, or nil at the end of the log.
  mutating func next() throws -> TraceRecord?
}

extension RecordSource {
  public mutating func nextChained() throws -> ChainedRecord? {
    guard let record = try next() else { return nil }
    return ChainedRecord(chaining: record)
  }
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
