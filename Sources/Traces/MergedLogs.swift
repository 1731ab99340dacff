/// A log set ready to be read, as many times as needed, as one stream in arrival order.
///
/// Creating it reads each file's first record once, which checks every file's format up front
/// and tells the merge when each file joins, so that a file is opened only when the merged
/// clock reaches its first arrival: daily or hourly logs are read one or two at a time, and
/// memory does not grow with their number or size.
public struct MergedLogs: Sendable {
  /// The files.
  public let set: LogSet
  /// How each file is read.
  public let options: TraceReadOptions
  /// The earliest first arrival of any file: the clock origin of every file alike.
  public let firstArrival: Int64?
  /// Each readable file's format, in file order.
  public let formats: [TraceFormat]
  /// The files that hold any line, with their first arrival (nil: no record, only bad lines).
  let entries: [(file: LogSet.File, firstArrival: Int64?)]

  /// Reads the first record of every file of `set`; an empty file is skipped when others are not.
  public init(_ set: LogSet, options: TraceReadOptions) throws(TraceError) {
    var entries: [(file: LogSet.File, firstArrival: Int64?)] = []
    var formats: [TraceFormat] = []
    for file in set.files {
      let reader: TraceReader
      do {
        reader = try TraceReader(file: file, options: options, budget: nil)
      } catch  where error.kind == .emptyInput && error.line == 0 && set.files.count > 1 {
        continue
      }
      entries.append((file, try reader.next()?.arrivalNanos))
      formats.append(reader.format)
    }
    guard !entries.isEmpty else {
      throw TraceError(
        .emptyInput, file: set.label, message: "every log is empty (no records)",
        hint: "check that the right files were given and that they were fully written")
    }
    self.set = set
    self.options = options
    self.entries = entries
    self.formats = formats
    firstArrival = entries.compactMap(\.firstArrival).min()
  }

  /// The formats read, as a report names them ("mooncake", or "canonical-jsonl+canonical-csv").
  public var formatDescription: String {
    var distinct: [TraceFormat] = []
    for format in formats where !distinct.contains(format) { distinct.append(format) }
    return distinct.map(\.rawValue).joined(separator: "+")
  }

  /// A fresh reader of the whole set from its start.
  public func makeReader() throws(TraceError) -> MergedTraceReader {
    try MergedTraceReader(entries: entries, options: options)
  }
}
