import ArgumentParser
import Foundation
import Synth
import Traces

struct SynthCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "synth",
    abstract: "Generate a realistic, seeded request log in the canonical format.",
    discussion: """
      Zipf-distributed tenants, multi-turn sessions whose prompts extend the previous turn (so prefix
      blocks repeat), lognormal prompt and output lengths, a daily rate curve with bursts. Size the load
      with --rate, or with --pods and --utilization for a fleet of llama-3-8b-a100 pods (5.6 req/s each
      for chat, 0.1 for agentic). --workload agentic gives long-context coding-agent sessions: dozens of
      turns seconds apart whose prompts grow to tens of thousands of tokens.
      Examples:
        muroute synth --requests 8000 --pods 8 --block-size 64 --hot-tenant 2 --hot-window 60:120 -o sample.jsonl.zst
        muroute synth --requests 100000 --rate 50 --long-context-storm 600:900 -o storm.jsonl.zst
        muroute synth --workload agentic --requests 20000 --pods 16 --block-size 64 -o agentic.jsonl.zst
      """)

  @Option(help: "Requests to generate.")
  var requests: Int = 10_000

  @Option(help: "Seed: the same seed and flags give the same log.")
  var seed: UInt64 = 1

  @Option(name: .shortAndLong, help: "Output file; .zst is zstd-compressed JSON Lines, .mrlog the binary log (docs/binary-log.md); - for standard output.")
  var out: String

  @Option(help: "Mean arrival rate in requests per second (instead of --pods/--utilization).")
  var rate: Double?

  @Option(help: "Size the rate for this many pods.")
  var pods: Int?

  @Option(help: "Target utilisation of those pods (0-1).")
  var utilization: Double = 0.7

  @Option(
    name: .customLong("pod-capacity"), help: "Requests per second one pod sustains for the workload's length mix (default 5.6 for chat, 0.1 for agentic).")
  var podCapacity: Double?

  @Option(help: "Traffic preset: chat (~1k-token prompts, a few turns) or agentic (long-context multi-turn sessions, mean prompt above 50k tokens).")
  var workload: String = SynthWorkload.chat.rawValue

  @Option(help: "Number of tenants.")
  var tenants: Int = 16

  @Option(help: "Zipf exponent of tenant traffic shares.")
  var zipf: Double = 1.1

  @Option(name: .customLong("peak-to-trough"), help: "Daily rate curve peak/trough ratio (1 = flat).")
  var peakToTrough: Double = 3

  @Option(name: .customLong("day-seconds"), help: "Length of one cycle of the daily curve, to squeeze a day into a short log (default: 86400).")
  var daySeconds: Double?

  @Flag(name: .customLong("no-bursts"), help: "No short bursts on top of the daily curve.")
  var noBursts = false

  @Option(name: .customLong("hot-tenant"), help: "Make this tenant (0-based) hot inside --hot-window.")
  var hotTenant: Int?

  @Option(name: .customLong("hot-window"), help: "Seconds FROM:TO of the hot tenant window.")
  var hotWindow: String = "600:1200"

  @Option(name: .customLong("hot-multiplier"), help: "How many times its usual share the hot tenant sends.")
  var hotMultiplier: Double = 10

  @Option(name: .customLong("long-context-storm"), help: "Seconds FROM:TO in which some prompts are 32k-100k tokens.")
  var stormWindow: String?

  @Option(name: .customLong("storm-fraction"), help: "Share of arrivals in the storm that open long-context sessions.")
  var stormFraction: Double = 0.3

  @Option(name: .customLong("block-size"), help: "Tokens per prefix block.")
  var blockSize: Int = 16

  @Flag(help: "Replace --out if it is an existing file.")
  var force = false

  @Option(help: "zstd level for .zst and .mrlog output.")
  var level: Int = 3

  func run() throws {
    let (output, force) = (out, force)
    try failOnTraceError { () throws(TraceError) in try OutputFileCheck.check(output, force: force) }
    var configuration = SynthConfiguration()
    configuration.requests = requests
    configuration.seed = seed
    configuration.blockSize = blockSize
    guard let workload = SynthWorkload(rawValue: self.workload) else {
      throw ValidationError("--workload '\(self.workload)': use one of \(SynthWorkload.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    workload.apply(to: &configuration)
    if let rate {
      configuration.load = .requestsPerSecond(rate)
    } else if let pods {
      configuration.load = .fleet(pods: pods, utilization: utilization, podCapacity: podCapacity ?? workload.podCapacity)
    }
    configuration.tenants.count = tenants
    configuration.tenants.zipfExponent = zipf
    configuration.rate.peakToTrough = peakToTrough
    if let daySeconds {
      guard daySeconds.isFinite, daySeconds >= 1 else {
        throw ValidationError("--day-seconds must be at least 1 second (got \(daySeconds))")
      }
      // Keep the default phase: the log starts at the mean rate, rising, peaking a quarter in.
      configuration.rate.periodSeconds = daySeconds
      configuration.rate.peakOffsetSeconds = daySeconds / 4
    }
    if noBursts { configuration.rate.bursts = nil }
    if let hotTenant {
      let (from, to) = try window(hotWindow, flag: "--hot-window")
      configuration.hotTenant = HotTenant(
        tenant: hotTenant, multiplier: hotMultiplier, startSeconds: from, durationSeconds: to - from)
    }
    if let stormWindow {
      let (from, to) = try window(stormWindow, flag: "--long-context-storm")
      configuration.longContextStorm = LongContextStorm(startSeconds: from, durationSeconds: to - from, fraction: stormFraction)
    }
    var generator: SynthGenerator
    do { generator = try SynthGenerator(configuration: configuration) } catch {
      throw ValidationError(error.description)
    }
    let (written, lastArrival) = try failOnTraceError { () throws(TraceError) -> (Int, Int64) in
      let writer = try TraceTools.makeWriter(output: out, format: TraceTools.OutputFormat.forPath(out, level: level))
      var lastArrival: Int64 = 0
      while let record = generator.next() {
        try writer.write(record)
        lastArrival = record.arrivalNanos
      }
      try writer.finish()
      return (writer.recordsWritten, lastArrival)
    }
    // Standard output may be the log itself: the summary goes to standard error.
    let seconds = Double(lastArrival) / 1e9
    printError("muroute: wrote \(written) requests over \(String(format: "%.1f", seconds)) s of arrivals (seed \(seed)) to \(out)")
  }

  func window(_ text: String, flag: String) throws -> (Double, Double) {
    let parts = text.split(separator: ":").compactMap { Double($0) }
    guard parts.count == 2, parts[0] >= 0, parts[1] > parts[0] else {
      throw ValidationError("\(flag) '\(text)': use FROM:TO in seconds with FROM < TO")
    }
    return (parts[0], parts[1])
  }
}
