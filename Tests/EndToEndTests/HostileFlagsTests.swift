import Foundation
import Testing

/// Numbers no run can use, given to the built binary as a user could: each run ends in a
/// clear error (exit 64 or 1) or a normal run, never a trap. (A sweep over every numeric flag
/// found `--window 1e300`, `--from 1e300`, `--warmup 1e300` and `--report-delay 1e300` trapping
/// on the way to nanoseconds, and `sweep --max-imbalance 1e300` trapping in a chart label.)
@Suite struct HostileFlagsTests {
  static let values = ["1e300", "nan", "-1e300", "inf", "99999999999999999999"]

  static let replayFlags = [
    "--report-interval", "--report-delay", "--window", "--from", "--to", "--warmup", "--speedup", "--mu-per-minute",
    "--spill-factor", "--prefill-weight", "--reorder-window", "--max-line-bytes", "--block-size", "--pods", "--routers",
    "--max-waiting",
  ]
  static let sweepFlags = [
    "--max-imbalance", "--max-imbalance-over-best", "--max-spill-rate", "--max-reject-rate", "--window", "--mu-per-minute", "--jobs", "--max-waiting",
  ]

  @Test func hugeAndNonFiniteFlagValuesAreErrorsOrRunsNeverTraps() throws {
    let directory = try MURouteProcess.temporaryDirectory("hostile-flags")
    defer { try? FileManager.default.removeItem(at: directory) }
    let synth = try MURouteProcess.run(["synth", "--requests", "120", "--pods", "2", "--seed", "3", "--out", "log.jsonl"], in: directory)
    try #require(synth.status == 0, "\(synth.standardError)")
    var runs: [[String]] = []
    for value in Self.values {
      for flag in Self.replayFlags {
        // --warmup needs --from; give it one so the value itself is what is checked.
        let window = flag == "--warmup" ? ["--from", "1"] : []
        runs.append(["replay", "log.jsonl", "--pods", "2", "--policy", "p2c", "--out", "r"] + window + [flag, value])
      }
      for flag in Self.sweepFlags {
        runs.append(["sweep", "log.jsonl", "--pods", "2", "--policy", "p2c", "--out", "s", flag, value])
      }
      runs.append(["replay", "log.jsonl", "--pods", "2", "--policy", "p2c", "--out", "r", "--autoscale", "--cold-start", value])
    }
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"  // a trap, should there be one, without a long backtrace
    for arguments in runs {
      let outcome = try MURouteProcess.run(arguments, in: directory, environment: environment)
      let line = arguments.suffix(2).joined(separator: " ")
      // 64: a flag the command line refuses; 1: a value the reader refuses when it opens the log.
      #expect([0, 1, 64].contains(outcome.status), "\(arguments[0]) \(line): exit \(outcome.status)")
      #expect(!outcome.standardError.contains("Fatal error"), "\(arguments[0]) \(line): \(outcome.standardError.prefix(300))")
      if outcome.status != 0 { #expect(outcome.standardError.hasPrefix("Error: "), "\(arguments[0]) \(line)") }
      // The way on is the subcommand's help, not the root's `muroute <subcommand>` usage line.
      if outcome.status == 64 {
        #expect(outcome.standardError.contains("muroute \(arguments[0])"), "\(arguments[0]) \(line): \(outcome.standardError)")
        #expect(!outcome.standardError.contains("<subcommand>"), "\(arguments[0]) \(line): \(outcome.standardError)")
      }
    }
  }
}
