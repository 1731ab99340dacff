import Workload

/// The library side of `muroute inspect` and `muroute convert`.
public enum TraceTools {
  /// What `inspect` learned about one log.
  public struct Inspection: Sendable {
    /// The figures.
    public var statistics: LogStatistics
    /// The format read (the first file's, when several were).
    public var format: TraceFormat
    /// The format as reports name it: several files' distinct formats joined with `+`.
    public var formatName: String
    /// The first few skipped lines' errors.
    public var badLineSamples: [TraceError]

    init(statistics: LogStatistics, format: TraceFormat, formatName: String? = nil, badLineSamples: [TraceError]) {
      self.statistics = statistics
      self.format = format
      self.formatName = formatName ?? format.rawValue
      self.badLineSamples = badLineSamples
    }
  }

  /// Reads a whole log (out-of-order arrivals counted, not fatal) and gathers its statistics.
  public static func inspect(path: String, options: TraceReadOptions) throws(TraceError) -> Inspection {
    var readOptions = options
    if readOptions.reorderWindowSeconds == nil { readOptions.allowOutOfOrder = true }
    let reader = try TraceReader(path: path, options: readOptions)
    var statistics = LogStatistics()
    while let record = try reader.next() { statistics.add(record) }
    statistics.badRows = reader.badLines
    return Inspection(statistics: statistics, format: reader.format, badLineSamples: reader.badLineSamples)
  }

  /// Reads several logs merged in arrival order (as a replay of them would) and gathers the
  /// statistics of the whole; the format is each file's, joined with `+` when they differ.
  public static func inspect(_ set: LogSet, options: TraceReadOptions) throws(TraceError) -> Inspection {
    var readOptions = options
    if readOptions.reorderWindowSeconds == nil { readOptions.allowOutOfOrder = true }
    let logs = try MergedLogs(set, options: readOptions)
    let reader = try logs.makeReader()
    var statistics = LogStatistics()
    while let record = try reader.next() { statistics.add(record) }
    statistics.badRows = reader.badLines
    return Inspection(
      statistics: statistics, format: logs.formats.first ?? .canonicalJSONL, formatName: logs.formatDescription, badLineSamples: reader.badLineSamples)
  }

  /// What `convert` did.
  public struct Conversion: Sendable {
    /// Records written.
    public var records: Int
    /// Bad lines skipped.
    public var badLines: Int
    /// The input's format.
    public var format: TraceFormat
    /// The first few skipped lines' errors.
    public var badLineSamples: [TraceError]
  }

  /// How `convert` writes its output.
  public enum OutputFormat: Sendable, Equatable {
    /// Canonical JSON Lines, zstd-compressed at the level when one is given.
    case canonical(compressionLevel: Int?)
    /// The binary log (`docs/binary-log.md`), its frames zstd-compressed at the level.
    case binary(compressionLevel: Int)

    /// The format an output name asks for: `.mrlog` the binary log, `.zst` compressed canonical
    /// JSON Lines, anything else plain canonical JSON Lines.
    public static func forPath(_ path: String, level: Int) throws(TraceError) -> OutputFormat {
      if path.hasSuffix(".mrlog") { return .binary(compressionLevel: level) }
      if path.hasSuffix(".mrlog.zst") {
        throw TraceError(
          .usage, file: path, message: "a binary log is compressed inside; it is not zstd-compressed again",
          hint: "name the output FILE.mrlog")
      }
      return .canonical(compressionLevel: path.hasSuffix(".zst") ? level : nil)
    }
  }

  /// A writer for `output` in `format` (`-` is standard output, canonical only).
  public static func makeWriter(output: String, format: OutputFormat) throws(TraceError) -> any RecordWriter {
    switch format {
    case .canonical(let level): try CanonicalLogWriter(path: output, compressionLevel: level)
    case .binary(let level): try BinaryLogWriter(path: output, compressionLevel: level)
    }
  }

  /// Converts any supported log to the canonical log at `output` (zstd when `compressionLevel`
  /// is set), optionally sorting it by arrival with an external merge sort.
  public static func convert(
    input: String, options: TraceReadOptions, output: String, compressionLevel: Int?, sort: Bool,
    sortRunCapacity: Int = 1_000_000
  ) throws(TraceError) -> Conversion {
    try convert(
      input: input, options: options, output: output, format: .canonical(compressionLevel: compressionLevel),
      sort: sort, sortRunCapacity: sortRunCapacity)
  }

  /// Converts any supported log to `output` in `format`, optionally sorting it by arrival with an
  /// external merge sort.
  public static func convert(
    input: String, options: TraceReadOptions, output: String, format: OutputFormat, sort: Bool,
    sortRunCapacity: Int = 1_000_000
  ) throws(TraceError) -> Conversion {
    var readOptions = options
    if sort { readOptions.allowOutOfOrder = true }
    let reader = try TraceReader(path: input, options: readOptions)
    let writer = try makeWriter(output: output, format: format)
    if sort {
      let sorter = ExternalSorter(
        runCapacity: sortRunCapacity,
        maxLineLength: max(options.maxLineLength * 4, 1 << 22))
      try sorter.sort(reader, into: writer)
    } else {
      while let record = try reader.next() { try writer.write(record) }
    }
    try writer.finish()
    return Conversion(
      records: writer.recordsWritten, badLines: reader.badLines, format: reader.format,
      badLineSamples: reader.badLineSamples)
  }
}
