import Workload

/// A log being written record by record: the canonical JSON Lines writer or the binary one.
public protocol RecordWriter: AnyObject {
  /// The destination path (`-` is stdout).
  var path: String { get }
  /// Records written so far.
  var recordsWritten: Int { get }
  /// Appends one record.
  func write(_ record: TraceRecord) throws(TraceError)
  /// Ends the log and moves it into place under its name.
  func finish() throws(TraceError)
}
