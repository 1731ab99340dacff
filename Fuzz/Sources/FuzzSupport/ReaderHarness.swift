import Traces
import Workload

/// What reading a log gave: the records in delivery order, and the error that ended it (if any).
public struct ReadOutcome {
  public var format: TraceFormat?
  public var records: [TraceRecord] = []
  public var error: TraceError?
  public var badLines = 0
}

/// Drives the trace readers the way `inspect`, `convert` and `replay` do, and checks what they
/// promise (docs/log-format.md) on whatever they return.
public enum ReaderHarness {
  /// Reader options chosen by two control bytes, over the ranges the command line accepts:
  /// `--max-bad-lines`, `--reorder-window` (or inspect's out-of-order counting), `--max-line-bytes`
  /// (down to its minimum of 1024, so long lines are reachable), `--ts-unit`, `--block-size`,
  /// `--field` mappings, and `--format` forced to `format` or left to detection.
  public static func options(_ input: inout FuzzInput, format: TraceFormat?) -> TraceReadOptions {
    let a = input.byte()
    let b = input.byte()
    var options = TraceReadOptions()
    options.maxBadLines = [0, 1, 4, 1_000_000][Int(a & 3)]
    switch (a >> 2) & 7 {
    case 2: options.reorderWindowSeconds = 0
    case 3: options.reorderWindowSeconds = 0.5
    case 4: options.reorderWindowSeconds = 60
    case 5: options.allowOutOfOrder = true
    default: break
    }
    options.maxLineLength = [1 << 20, 1024, 4096, 1 << 20][Int((a >> 5) & 3)]
    if a & 0x80 == 0 { options.format = format }
    options.timestampUnit = [.s, .ms, .us, .ns][Int(b & 3)]
    options.defaultBlockSize = [nil, 16, 1, 512][Int((b >> 2) & 3)]
    switch (b >> 4) & 7 {
    case 1: options.fieldMapping = ["input_tokens": "prompt_tokens", "output_tokens": "completion_tokens"]
    case 2: options.fieldMapping = ["ts": "time", "session": "conversation", "tenant": "user"]
    case 3: options.fieldMapping = ["ts": "created_ms"]
    default: break
    }
    if b & 0x80 != 0 { options.badLineSampleLimit = 1 }
    return options
  }

  /// Reads `bytes` to the end (or the first error that stops the reader) and checks the result.
  @discardableResult
  public static func read(_ bytes: [UInt8], options: TraceReadOptions, roundTrip: Bool = true) -> ReadOutcome {
    read(options: options, roundTrip: roundTrip) { () throws(TraceError) in try TraceReader(bytes: bytes, options: options) }
  }

  /// Reads what `open` opens (a file, for readers that only take paths) and checks the result;
  /// `name`: the log's name in errors (the path, or `-` for bytes in memory).
  @discardableResult
  public static func read(
    options: TraceReadOptions, roundTrip: Bool = true, name: String = "-", open: () throws(TraceError) -> TraceReader
  ) -> ReadOutcome {
    var outcome = ReadOutcome()
    let reader: TraceReader
    do {
      reader = try open()
    } catch {
      checkOpening(error, options: options, name: name)
      outcome.error = error
      return outcome
    }
    if let forced = options.format { fuzzCheck(reader.format == forced, "format \(reader.format) though \(forced) was forced") }
    outcome.format = reader.format
    drain(reader, into: &outcome, options: options)
    if roundTrip { checkRoundTrip(outcome.records) }
    return outcome
  }

  /// Pulls every record from `reader` and checks each, the order and the bad-line budget;
  /// `statistics`: also what `inspect` makes of them (the zstd target leaves that to the others).
  public static func drain(
    _ reader: TraceReader, into outcome: inout ReadOutcome, options: TraceReadOptions, statistics computeStatistics: Bool = true
  ) {
    var previous = Int64.min
    while true {
      let record: TraceRecord?
      do {
        record = try reader.next()
      } catch {
        check(error, options: options)
        // With bad lines free to skip only a CSV header that cannot be used (read before any
        // record) ends a read on a line's account.
        if hasUnlimitedBudget(options) && lineLevel.contains(error.kind) {
          fuzzCheck(csvFormats.contains(reader.format) && outcome.records.isEmpty,
            "a bad line ended the read though bad lines may be skipped: \(error)")
        }
        outcome.error = error
        break
      }
      guard let record else { break }
      check(record)
      if !options.allowOutOfOrder {
        fuzzCheck(record.arrivalNanos >= previous, "arrival \(record.arrivalNanos) after \(previous): the reader let time go back")
      }
      previous = max(previous, record.arrivalNanos)
      outcome.records.append(record)
    }
    outcome.badLines = reader.badLines
    fuzzCheck(reader.recordsProduced == outcome.records.count, "recordsProduced \(reader.recordsProduced) vs \(outcome.records.count) delivered")
    let allowed = options.maxBadLines + (outcome.error == nil ? 0 : 1)
    fuzzCheck(reader.badLines <= allowed, "\(reader.badLines) bad lines with --max-bad-lines \(options.maxBadLines)")
    fuzzCheck(reader.badLineSamples.count <= min(reader.badLines, options.badLineSampleLimit), "too many bad-line samples")
    // What `inspect` computes and prints, for one log in four (one in eight rendered): its dense
    // token histograms and block sets would otherwise be most of the run time, and which logs
    // get it depends only on the input, so a finding reproduces from its input alone.
    let count = outcome.records.count
    guard computeStatistics, count & 3 == 1 else { return }
    var statistics = LogStatistics()
    for record in outcome.records { statistics.add(record) }
    fuzzCheck(statistics.rows == count, "statistics rows \(statistics.rows)")
    statistics.badRows = reader.badLines
    _ = statistics.percentile(0.99, output: false)
    _ = statistics.percentile(0.5, output: true)
    if count & 7 == 1 {
      _ = statistics.renderJSON(file: "fuzz", format: reader.format.rawValue)
      _ = statistics.renderTable(file: "fuzz", format: reader.format.rawValue)
    }
  }

  /// An error from opening a reader: as `check`, and opening reads lines only to find the first
  /// one to detect the format from, so a bad line among them is skipped like any other
  /// (regression: an over-long first line stopped the read). Errors in other files (RAGPulse's
  /// side files, which load whole or not at all) are not the log's bad lines.
  public static func checkOpening(_ error: TraceError, options: TraceReadOptions, name: String) {
    check(error, options: options)
    fuzzCheck(!(error.file == name && hasUnlimitedBudget(options) && lineLevel.contains(error.kind)),
      "opening ended in a bad-line error though bad lines may be skipped: \(error)")
  }

  /// Errors about one line, which `--max-bad-lines` lets the reader skip.
  static let lineLevel: Set<TraceError.Kind> = [.lineTooLong, .malformedRecord, .missingField, .invalidValue, .invalidUTF8, .outOfOrder]
  static let csvFormats: Set<TraceFormat> = [.canonicalCSV, .azure, .burstgpt]

  /// A budget no input within `-max_len` can spend.
  static func hasUnlimitedBudget(_ options: TraceReadOptions) -> Bool { options.maxBadLines >= 1_000_000 }

  /// A record as the readers promise: counts and arrival in range, block size positive.
  public static func check(_ record: TraceRecord) {
    fuzzCheck((0...TraceRecord.maximumTokens).contains(record.inputTokens), "input_tokens \(record.inputTokens) out of range")
    fuzzCheck((0...TraceRecord.maximumTokens).contains(record.outputTokens), "output_tokens \(record.outputTokens) out of range")
    fuzzCheck(record.arrivalNanos.magnitude <= TraceRecord.maximumArrivalNanos.magnitude, "arrival \(record.arrivalNanos) out of range")
    if let size = record.blockSize { fuzzCheck(size > 0, "block_size \(size)") }
    if let max = record.maxTokens { fuzzCheck(max >= 0, "max_tokens \(max)") }
    if let cached = record.observed?.cachedTokens { fuzzCheck(cached >= 0, "cached_tokens \(cached)") }
  }

  /// An error as documented: a data problem (never a usage or I/O error for bytes in memory),
  /// and a message to print.
  public static func check(_ error: TraceError, options: TraceReadOptions) {
    fuzzCheck(error.kind != .io && error.kind != .usage, "unexpected \(error.kind) error: \(error)")
    fuzzCheck(error.line >= 0 && !error.description.isEmpty, "malformed error \(error)")
  }

  /// `convert` then reading the canonical log gives the same records (docs/log-format.md: "a
  /// canonical log round-trips record for record").
  public static func checkRoundTrip(_ records: [TraceRecord]) {
    guard !records.isEmpty else { return }
    var bytes: [UInt8] = []
    var longest = 0
    for record in records {
      let start = bytes.count
      CanonicalLogWriter.encode(record, into: &bytes)
      longest = max(longest, bytes.count - start)
    }
    let options = TraceReadOptions(format: .canonicalJSONL, allowOutOfOrder: true, maxLineLength: max(1024, longest))
    let reread: TraceReader
    do {
      reread = try TraceReader(bytes: bytes, options: options)
    } catch {
      fuzzFailure("the canonical log written from the records cannot be opened: \(error)")
    }
    for (index, record) in records.enumerated() {
      let again: TraceRecord?
      do { again = try reread.next() } catch {
        fuzzFailure("record \(index + 1) written by CanonicalLogWriter does not read back: \(error)\n  \(record)")
      }
      fuzzCheck(again == canonical(record), "record \(index + 1) changed in the round trip:\n  \(record)\n  \(String(describing: again))")
    }
    do {
      let extra = try reread.next()
      fuzzCheck(extra == nil, "the round trip produced an extra record")
    } catch {
      fuzzFailure("the round trip ended in an error: \(error)")
    }
  }

  /// What the canonical writer is documented to keep of a record: non-finite latencies are left
  /// out (JSON has no NaN), and an observation with no field set is no observation.
  static func canonical(_ record: TraceRecord) -> TraceRecord {
    var copy = record
    if var observed = copy.observed {
      if let ttft = observed.ttftMillis, !ttft.isFinite { observed.ttftMillis = nil }
      if let e2e = observed.e2eMillis, !e2e.isFinite { observed.e2eMillis = nil }
      copy.observed = observed.isEmpty ? nil : observed
    }
    return copy
  }
}
