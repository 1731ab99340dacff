import ArgumentParser
import SimCore
import Traces

/// Options shared by the commands that read request logs.
struct TraceInputOptions: ParsableArguments {
  @Option(
    help: "Log format (default: detected): \(TraceFormat.nameList).",
    completion: TraceFormat.completion, transform: TraceFormat.argument)
  var format: TraceFormat?

  @Option(name: .customLong("field"), help: "Read a canonical field from another name: canonical=theirs (repeatable).")
  var fields: [String] = []

  @Option(
    name: .customLong("ts-unit"), help: "Unit of numeric ts values: \(TimestampUnit.nameList) (default: s).",
    completion: TimestampUnit.completion, transform: TimestampUnit.argument)
  var tsUnit: TimestampUnit?

  @Option(name: .customLong("block-size"), help: "Tokens per prefix block for lines without block_size.")
  var blockSize: Int?

  @Option(name: .customLong("max-bad-lines"), help: "Skip and count up to N bad lines (0: stop at the first).")
  var maxBadLines: Int = 0

  @Option(name: .customLong("reorder-window"), help: "Re-sort arrivals up to this many seconds out of order.")
  var reorderWindow: Double?

  @Option(name: .customLong("max-line-bytes"), help: "Longest accepted line in bytes.")
  var maxLineBytes: Int = 1 << 20

  func validate() throws { _ = try readOptions() }

  /// The reader options these flags describe.
  func readOptions() throws -> TraceReadOptions {
    let unit = tsUnit ?? .s
    guard maxBadLines >= 0 else { throw ValidationError("--max-bad-lines must be >= 0") }
    guard maxLineBytes >= 1024 else { throw ValidationError("--max-line-bytes must be at least 1024") }
    if let blockSize, blockSize <= 0 { throw ValidationError("--block-size must be positive") }
    if let reorderWindow, !(reorderWindow >= 0) { throw ValidationError("--reorder-window must be >= 0") }
    let mapping: [String: String]
    do { mapping = try TraceReadOptions.parseFieldMapping(fields) } catch { throw ValidationError(error.description) }
    return TraceReadOptions(
      format: format, fieldMapping: mapping, timestampUnit: unit, defaultBlockSize: blockSize,
      maxBadLines: maxBadLines, reorderWindowSeconds: reorderWindow, maxLineLength: maxLineBytes)
  }
}

/// Prints a data error the documented way and exits with code 1.
func failOnTraceError<T>(_ body: () throws(TraceError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    printError("Error: \(error)")
    throw ExitCode(1)
  }
}

/// Writes a line to standard error.
func printError(_ text: String) {
  var stream = StandardError()
  print(text, to: &stream)
}

struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    #if canImport(Glibc)
      var bytes = Array(string.utf8)
      bytes.withUnsafeMutableBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
          let n = Glibc.write(2, base + offset, buffer.count - offset)
          if n <= 0 { return }
          offset += n
        }
      }
    #endif
  }
}

#if canImport(Glibc)
  import Glibc
#endif

/// `muroute inspect LOG...`: what a log holds, before a replay.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Describe request logs: rows, time span, rates, token distributions, tenants, sessions, prefix reuse.",
    discussion: """
      Each argument is described on its own; a directory as the merge of its files, which is what a replay of it reads. \
      --merge describes all arguments together, as 'replay LOG...' reads them.
      Examples:
        muroute inspect traces/sample-chat.jsonl.zst
        muroute inspect prod.jsonl.zst --field input_tokens=prompt_tokens --field ts=created_ms --ts-unit ms
        muroute inspect days/ --merge --json
      Exit codes: 0 ok, 1 bad input (the message names file, line and field), 64 usage error.
      """)

  @Argument(help: "Log files or directories of them (zstd or plain; '-' is stdin).")
  var logs: [String]

  @OptionGroup var input: TraceInputOptions

  @Flag(help: "Describe all the logs as one, merged in arrival order.")
  var merge = false

  @Flag(help: "Print one JSON object per log instead of a table.")
  var json = false

  func validate() throws {
    if logs.filter({ $0 == "-" }).count > 1 { throw ValidationError("'-' is given twice: standard input can be read only once") }
  }

  func run() throws {
    let options = try input.readOptions()
    let groups = merge ? [logs] : logs.map { [$0] }
    for (index, group) in groups.enumerated() {
      let set = try resolveLogSet(group)
      let inspection = try failOnTraceError { () throws(TraceError) in try TraceTools.inspect(set, options: options) }
      let statistics = inspection.statistics
      // One file keeps the name it was given; several are named as a report names them.
      let name = group.count > 1 ? set.label : set.files.count == 1 ? group[0] : "\(group[0]) (\(set.label))"
      if json {
        print(statistics.renderJSON(file: name, format: inspection.formatName))
      } else {
        if index > 0 { print("") }
        print(statistics.renderTable(file: name, format: inspection.formatName), terminator: "")
      }
      for sample in inspection.badLineSamples { printError("Skipped: \(sample)") }
    }
  }

  /// The files `arguments` stand for; a usage mistake exits 64, an unreadable path 1.
  private func resolveLogSet(_ arguments: [String]) throws -> LogSet {
    do {
      return try LogSet(arguments: arguments)
    } catch  where error.kind == .usage {
      throw ValidationError(error.description)
    } catch {
      printError("Error: \(error)")
      throw ExitCode(1)
    }
  }
}
