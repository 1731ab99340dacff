import HeapModule
import Workload

/// A pull stream of records from one request log (zstd or plain, any supported format).
///
/// Call `next()` until it returns nil. Bad lines are errors, or skipped and counted when
/// `maxBadLines` allows; arrivals must not go back in time unless a reorder window or
/// `allowOutOfOrder` says otherwise.
public final class TraceReader {
  /// The input path (`-` is stdin).
  public let path: String
  /// The format read (detected or forced).
  public let format: TraceFormat
  /// Records handed out so far.
  public private(set) var recordsProduced = 0
  /// Lines skipped as bad (only with `maxBadLines` > 0).
  public private(set) var badLines = 0
  /// The first few bad lines' errors.
  public private(set) var badLineSamples: [TraceError] = []
  /// Records whose arrival is earlier than an earlier record's.
  public private(set) var outOfOrderCount = 0

  private let options: TraceReadOptions
  /// Bad lines skipped so far against `maxBadLines`: this reader's own, or shared by every
  /// file of a merged set so that several logs tolerate as many as their concatenation.
  private let budget: BadLineBudget
  private let source: ByteSource
  /// Text logs: lines and the format's decoder. Binary logs: the frame reader.
  private let splitter: LineSplitter?
  private let decoder: (any LineDecoder)?
  private let binaryLog: BinaryLogReader?
  private var firstLine: [UInt8]?
  private var firstLineNumber = 0
  private var latestArrival = Int64.min
  private var lastEmitted = Int64.min
  private var reorderBuffer = Heap<PendingRecord>()
  private let reorderWindowNanos: Int64?
  private let allowOutOfOrder: Bool
  private var sequence = 0
  private var finished = false
  /// The error that ended the file while records were still held in the reorder buffer: thrown
  /// once they are delivered, so a reordered read hands out every record an in-order read would.
  private var deferredError: TraceError?

  /// Physical lines read so far (blank ones included); records, for a binary log.
  public var linesRead: Int { splitter?.lineNumber ?? binaryLog?.recordsRead ?? 0 }

  /// Raw bytes read from the file so far (compressed bytes for zstd), for progress against its size.
  public var bytesRead: Int { source.totalBytesIn }

  /// Opens `path` and reads its first line to settle the format.
  public convenience init(path: String, options: TraceReadOptions = TraceReadOptions()) throws(TraceError) {
    let sideFiles = path == "-" ? nil : (path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ".")
    try self.init(path: path, options: options, sideFileDirectory: sideFiles) { () throws(TraceError) in
      try ByteSource(path: path)
    }
  }

  /// Reads a log held in memory (zstd or plain) as if it came from standard input: RAGPulse side
  /// files are not looked up. `name` stands for the file in errors.
  public convenience init(bytes: [UInt8], name: String = "-", options: TraceReadOptions = TraceReadOptions()) throws(TraceError) {
    try self.init(path: name, options: options, sideFileDirectory: nil) { () throws(TraceError) in
      try ByteSource(bytes: bytes, name: name)
    }
  }

  /// Opens one file of a log set; `budget` is shared with the set's other files.
  convenience init(file: LogSet.File, options: TraceReadOptions, budget: BadLineBudget?) throws(TraceError) {
    try self.init(path: file.name, options: options, sideFileDirectory: file.sideFileDirectory, budget: budget) {
      () throws(TraceError) in
      switch file.origin {
      case .path(let path): try ByteSource(path: path)
      case .shared(let descriptor): try ByteSource(shared: descriptor, name: file.name)
      }
    }
  }

  private init(
    path: String, options: TraceReadOptions, sideFileDirectory: String?, budget: BadLineBudget? = nil,
    open: () throws(TraceError) -> ByteSource
  ) throws(TraceError) {
    self.path = path
    self.options = options
    let budget = budget ?? BadLineBudget(limit: options.maxBadLines)
    self.budget = budget
    allowOutOfOrder = options.allowOutOfOrder
    if let window = options.reorderWindowSeconds {
      guard window >= 0, window < 1e9 else {
        throw TraceError(
          .usage, file: path, message: "reorder window \(window) s is out of range",
          hint: "give a window between 0 and 1e9 seconds")
      }
      reorderWindowNanos = Int64(window * 1e9)
    } else {
      reorderWindowNanos = nil
    }
    source = try open()
    // A binary log announces itself in its first bytes, before any line could be split.
    let leading = try source.peek(BinaryLogFormat.magic.count)
    if leading == BinaryLogFormat.magic || options.format == .mrlog {
      if let forced = options.format, forced != .mrlog {
        throw TraceError(
          .unknownFormat, file: path, message: "this is a muroute binary log, not \(forced)",
          hint: "drop --format (the format is detected) or give --format mrlog")
      }
      binaryLog = try BinaryLogReader(source: source, options: options)
      format = .mrlog
      splitter = nil
      decoder = nil
      return
    }
    binaryLog = nil
    let splitter = LineSplitter(source: source, maxLineLength: options.maxLineLength)
    self.splitter = splitter
    var detected: TraceFormat?
    // Lines too long to look at before the first readable one are bad lines like any other.
    var skipped = 0
    var samples: [TraceError] = []
    while true {
      let next: UnsafeBufferPointer<UInt8>?
      do {
        next = try splitter.nextLine()
      } catch {
        guard error.kind == .lineTooLong, budget.used < budget.limit else { throw error }
        budget.used += 1
        skipped += 1
        if samples.count < max(1, options.badLineSampleLimit) { samples.append(error) }
        continue
      }
      guard let line = next else { break }
      if TraceReader.isBlank(line) { continue }
      firstLine = Array(line)
      firstLineNumber = splitter.lineNumber
      detected = options.format ?? FormatDetector.detect(line, mapping: options.fieldMapping)
      if detected == nil {
        throw TraceError(
          .unknownFormat, file: path, line: splitter.lineNumber,
          message: "the first line is neither a JSON object nor a known CSV header",
          hint: "check that this is a request log; force the format with --format")
      }
      break
    }
    guard let format = detected else {
      // Nothing but skipped over-long lines: say so, since raising the limit is the fix.
      if let first = samples.first {
        throw TraceError(
          .emptyInput, file: path, line: first.line,
          message: "the log has no records: its \(skipped == 1 ? "only line is" : "\(skipped) lines are all") longer than \(options.maxLineLength) bytes",
          hint: "raise the limit with --max-line-bytes if the lines are genuine, or check that this is a request log")
      }
      throw TraceError(
        .emptyInput, file: path, message: "the log is empty (no records)",
        hint: "check that the right file was given and that it was fully written")
    }
    self.format = format
    decoder = try TraceReader.makeDecoder(format, sideFileDirectory: sideFileDirectory, options: options)
    badLines = skipped
    badLineSamples = Array(samples.prefix(options.badLineSampleLimit))
  }

  private static func makeDecoder(
    _ format: TraceFormat, sideFileDirectory: String?, options: TraceReadOptions
  ) throws(TraceError) -> any LineDecoder {
    switch format {
    case .canonicalJSONL: return CanonicalJSONDecoder(options: options)
    case .canonicalCSV:
      return CanonicalCSVDecoder(
        mapping: options.fieldMapping, unit: options.timestampUnit,
        defaultBlockSize: options.defaultBlockSize)
    case .azure: return CanonicalCSVDecoder.azure(defaultBlockSize: options.defaultBlockSize)
    case .burstgpt: return CanonicalCSVDecoder.burstGPT(defaultBlockSize: options.defaultBlockSize)
    case .mooncake: return MooncakeDecoder()
    case .bailian: return BailianDecoder()
    case .mrlog:
      throw TraceError(
        .unknownFormat, file: "-", message: "a binary log has no line decoder", hint: "report this as a muroute bug")
    case .ragpulse:
      return RAGPulseDecoder(
        table: try sideFileDirectory.flatMap { (d: String) throws(TraceError) in try RAGPulseChunkTable.load(directory: d) })
    }
  }

  @inline(__always) static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in line where b != 0x20 && b != 0x09 { return false }
    return true
  }

  /// The next record in order, or nil at the end of the log.
  public func next() throws(TraceError) -> TraceRecord? {
    if reorderWindowNanos == nil { return try nextInFileOrder() }
    return try nextReordered()
  }

  /// The common path: records as the file has them, arrival order checked.
  private func nextInFileOrder() throws(TraceError) -> TraceRecord? {
    while let record = try nextDecoded() {
      let arrival = record.arrivalNanos
      if arrival < latestArrival {
        outOfOrderCount += 1
        if !allowOutOfOrder {
          try reject(outOfOrder(arrival, previous: latestArrival, beyondWindow: false))
          continue
        }
      } else {
        latestArrival = arrival
      }
      recordsProduced += 1
      return record
    }
    return nil
  }

  /// Records re-sorted within the reorder window.
  private func nextReordered() throws(TraceError) -> TraceRecord? {
    let window = reorderWindowNanos ?? 0
    while true {
      if let head = reorderBuffer.min, finished || head.arrival <= latestArrival &- window {
        _ = reorderBuffer.popMin()
        lastEmitted = head.arrival
        recordsProduced += 1
        return head.record
      }
      if finished {
        if let error = deferredError {
          deferredError = nil
          throw error
        }
        return nil
      }
      let decoded: TraceRecord?
      do {
        decoded = try nextDecoded()
        if let record = decoded, record.arrivalNanos < lastEmitted {
          outOfOrderCount += 1
          try reject(outOfOrder(record.arrivalNanos, previous: lastEmitted, beyondWindow: true))
          continue
        }
      } catch {
        deferredError = error
        finished = true
        continue
      }
      guard let record = decoded else {
        finished = true
        continue
      }
      if record.arrivalNanos < latestArrival { outOfOrderCount += 1 }
      latestArrival = max(latestArrival, record.arrivalNanos)
      reorderBuffer.insert(PendingRecord(arrival: record.arrivalNanos, sequence: sequence, record: record))
      sequence += 1
    }
  }

  /// The next decoded record in file order, skipping blank, header and tolerated bad lines.
  @inline(__always)
  private func nextDecoded() throws(TraceError) -> TraceRecord? {
    guard let splitter else { return try binaryLog?.next() }
    while true {
      if let pending = firstLine {
        firstLine = nil
        let decoded = pending.withUnsafeBufferPointer { line in
          Result { () throws(FieldError) -> TraceRecord? in try decodeLine(line) }
        }
        switch decoded {
        case .success(let record): if let record { return record }
        case .failure(let error):
          // A CSV header that cannot be used leaves nothing to read: never skip it.
          let located = error.located(file: path, line: firstLineNumber)
          if format.isCSV { throw located }
          try reject(located)
        }
        continue
      }
      let line: UnsafeBufferPointer<UInt8>
      do {
        guard let next = try splitter.nextLine() else { return nil }
        line = next
      } catch {
        guard error.kind == .lineTooLong else { throw error }
        try reject(error)
        continue
      }
      if TraceReader.isBlank(line) { continue }
      do {
        if let record = try decodeLine(line) { return record }
      } catch {
        try reject(error.located(file: path, line: splitter.lineNumber))
      }
    }
  }

  @inline(__always)
  private func decodeLine(_ line: UnsafeBufferPointer<UInt8>) throws(FieldError) -> TraceRecord? {
    guard DecodeSupport.isValidUTF8(line) else {
      throw FieldError(
        .invalidUTF8, field: nil, "the line is not valid UTF-8",
        hint: "re-encode the log as UTF-8 or skip bad lines with --max-bad-lines N")
    }
    let record = try decoder?.decode(line, lineNumber: linesRead)
    if let arrival = record?.arrivalNanos, arrival.magnitude > TraceRecord.maximumArrivalNanos.magnitude {
      throw FieldError(
        .invalidValue, field: "ts", "arrival \(Seconds.text(arrival)) s is out of range",
        hint: "arrivals must lie within ±4e9 s (Unix time before 2096): check --ts-unit, or skip bad lines with --max-bad-lines N")
    }
    return record
  }

  /// Counts a bad line, or throws it when the budget of bad lines is spent.
  private func reject(_ error: TraceError) throws(TraceError) {
    badLines += 1
    budget.used += 1
    guard budget.used <= budget.limit else { throw error }
    if badLineSamples.count < options.badLineSampleLimit { badLineSamples.append(error) }
  }

  private func outOfOrder(_ arrival: Int64, previous: Int64, beyondWindow: Bool) -> TraceError {
    let what = beyondWindow ? "more than the reorder window before" : "before"
    return TraceError(
      .outOfOrder, file: path, line: linesRead, field: "ts",
      message: "arrival \(Seconds.text(arrival)) s is \(what) an earlier record's \(Seconds.text(previous)) s",
      hint: "sort the log with 'muroute convert --sort', or re-sort on the fly with --reorder-window SECONDS")
  }
}

/// Bad lines skipped so far and how many may be.
final class BadLineBudget {
  let limit: Int
  var used = 0

  init(limit: Int) { self.limit = limit }
}
