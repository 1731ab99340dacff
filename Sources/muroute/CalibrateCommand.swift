import ArgumentParser
import Fleet
import Foundation
import Replay
import Reports
import Traces

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `muroute calibrate LOG --profile BASE --out PROFILE.json`: fits a cost profile to the
/// timings a production log observed.
struct CalibrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Fit a cost profile's coefficients to the TTFT and TPOT a log observed (pod, ttft_ms, e2e_ms).",
    discussion: """
      Replays the log with every request on the pod it ran on, and fits the coefficients of --profile that are not \
      zero by Levenberg-Marquardt on grouped TTFT and TPOT (docs/simulation.md, "Calibration"). The fit uses the \
      first --fit-fraction of the usable records; the rest is held out and reported. Writes --out atomically, never \
      over an existing file without --force. Exit codes: 0 ok, 1 bad input or too few observations, 64 usage error.
      """)

  @Argument(help: "The log, with pod, ttft_ms and e2e_ms on its records (zstd or plain).")
  var log: String

  @Option(help: "The profile to start from: a built-in name or a JSON file (its limits and zero coefficients are kept).")
  var profile: String

  @Option(name: .shortAndLong, help: "Where to write the fitted profile (JSON).")
  var out: String

  @Flag(help: "Replace --out if it is an existing file.")
  var force = false

  @Option(help: "Name of the fitted profile (default: the base's name with -calibrated).")
  var name: String?

  @Option(name: .customLong("fit-fraction"), help: "Share of the usable records, from the log's start, the fit uses.")
  var fitFraction = 0.7

  @Option(name: .customLong("max-evaluations"), help: "Most replays of the fitted part the search may run.")
  var maxEvaluations = 200

  @OptionGroup var input: TraceInputOptions

  func validate() throws {
    guard fitFraction > 0 && fitFraction < 1 else { throw ValidationError("--fit-fraction must be between 0 and 1 (exclusive)") }
    guard (1...100_000).contains(maxEvaluations) else { throw ValidationError("--max-evaluations must be from 1 to 100000") }
    if let name, name.isEmpty { throw ValidationError("--name must not be empty") }
    guard log != "-" else { throw ValidationError("calibrate reads the log once per replay: give a file, not standard input") }
  }

  func run() throws {
    let (output, logPath, force) = (out, log, force)
    try failOnTraceError { () throws(TraceError) in
      try OutputFileCheck.check(output, inputs: [logPath, profile], force: force)
    }
    var named = ReplaySettings()
    named.profile = profile
    var base: CostProfile
    do { base = try named.loadProfile() } catch {
      printError("Error: \(error)")
      throw ExitCode(1)
    }
    let readOptions = try input.readOptions()
    // Opened once for every reading (the census and each replay of the fit): standard input
    // and FIFOs are spooled, so every replay sees the same records.
    let merged = try openLogs([logPath], options: readOptions)
    var census = CalibrationInput()
    try failOnTraceError { () throws(TraceError) in
      let reader = try merged.makeReader()
      while let record = try reader.next() { census.add(record) }
    }
    var settings = CalibrationSettings()
    settings.fitFraction = fitFraction
    settings.maxEvaluations = maxEvaluations
    settings.defaultBlockSize = input.blockSize ?? 16
    let showProgress = isatty(2) != 0
    let result: CalibrationResult
    do {
      result = try ProfileCalibrator.calibrate(
        base: base, input: census, settings: settings,
        makeSource: { ProgressRecordSource(reader: try merged.makeReader(), counter: nil) },
        progress: { evaluations, loss in
          guard showProgress else { return }
          var stream = StandardError()
          print(
            "\u{1B}[2K\rcalibrating: \(evaluations) of at most \(settings.maxEvaluations) replays, loss \(NumberFormat.fixed(loss, 5))",
            terminator: "", to: &stream)
        })
    } catch let error as CalibrationError {
      if showProgress { printError("") }
      printError("Error: \(logPath): \(error)")
      throw ExitCode(1)
    } catch let error as TraceError {
      printError("Error: \(error)")
      throw ExitCode(1)
    }
    if showProgress { printError("") }
    base = result.fitted
    base.name = name ?? "\(result.base.name)-calibrated"
    do { try ProfileFileWriter.write(base, to: output, force: force) } catch {
      printError("Error: \(error)")
      throw ExitCode(1)
    }
    print(CalibrationSummary.text(result, writtenAs: base.name, to: output))
  }
}
