import ArgumentParser
import Traces

/// `muroute convert LOG --out FILE`: any supported format to the canonical log.
struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert a request log of any supported format to the canonical JSON Lines log or the binary log.",
    discussion: """
      The output's name picks its format: .mrlog writes the compact binary log (docs/binary-log.md,
      read by every command, its frames zstd-compressed at --level), .zst zstd-compressed canonical
      JSON Lines, any other name plain canonical JSON Lines.
      Examples:
        muroute convert ../shared/traces/mooncake/conversation_trace.jsonl.zst -o mooncake.jsonl.zst
        muroute convert unsorted.csv --sort -o sorted.jsonl.zst
        muroute convert agentic.jsonl.zst -o agentic.mrlog
      Exit codes: 0 ok, 1 bad input, 64 usage error.
      """)

  @Argument(help: "The log to convert (zstd or plain; '-' is stdin).")
  var log: String

  @Option(name: .shortAndLong, help: "Output file (written atomically; '-' is stdout).")
  var out: String

  @Flag(help: "Replace --out if it is an existing file (never the input log itself).")
  var force = false

  @Option(help: "zstd compression level (1-19).")
  var level: Int = 3

  @Flag(help: "Sort by arrival (external merge sort in bounded memory).")
  var sort = false

  @Option(name: .customLong("sort-run-records"), help: "Records per in-memory sorted run when sorting.")
  var sortRunRecords: Int = 1_000_000

  @OptionGroup var input: TraceInputOptions

  func validate() throws {
    guard (1...19).contains(level) else { throw ValidationError("--level must be between 1 and 19") }
    guard sortRunRecords > 0 else { throw ValidationError("--sort-run-records must be positive") }
    guard !out.hasSuffix(".mrlog.zst") else {
      throw ValidationError("a binary log is compressed inside: name the output FILE.mrlog, not .mrlog.zst")
    }
  }

  func run() throws {
    let (output, input, force) = (out, log, force)
    try failOnTraceError { () throws(TraceError) in try OutputFileCheck.check(output, inputs: [input], force: force) }
    let options = try self.input.readOptions()
    let level = self.level
    let format = try failOnTraceError { () throws(TraceError) in try TraceTools.OutputFormat.forPath(output, level: level) }
    let result = try failOnTraceError { () throws(TraceError) in
      try TraceTools.convert(
        input: log, options: options, output: out, format: format, sort: sort, sortRunCapacity: sortRunRecords)
    }
    for sample in result.badLineSamples { printError("Skipped: \(sample)") }
    printError("converted \(result.records) records (\(result.format.rawValue)) to \(out); \(result.badLines) bad lines skipped")
  }
}
