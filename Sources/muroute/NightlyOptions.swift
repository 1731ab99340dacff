import ArgumentParser
import Reports
import Verdicts

/// What `replay` and `sweep` share for unattended runs: the output directory and the
/// thresholds that decide the exit code.
struct NightlyOptions: ParsableArguments {
  @Option(
    name: .shortAndLong,
    help: "Directory for the report: a new path, an empty directory, or an earlier muroute report (replaced whole, atomically).")
  var out: String

  @Flag(help: "Also replace a non-empty directory that is not a muroute report (never a file, nor a directory holding an input).")
  var force = false

  @Option(
    name: .customLong("fail-if"),
    help:
      "Exit 3 when a summary metric breaches this, e.g. 'spill_rate > 0.02' or 'mu-subset:ttft_p99_ms > 800' (repeatable; the policy must be replayed and the metric produced by the run; each threshold and breach is recorded in the report)."
  )
  var failIf: [String] = []

  /// The parsed `--fail-if` thresholds, or a usage error naming the bad one.
  func thresholds() throws -> [Threshold] {
    try failIf.map { expression in
      do { return try Threshold(parsing: expression, knownMetrics: SummaryMetrics.names) } catch let error as ThresholdError {
        throw ValidationError("--fail-if \(error.description)")
      }
    }
  }

  /// The thresholds, checked to be able to fire in a run of `policies` (with or without the
  /// admission columns): a usage error otherwise, so a nightly job cannot pass by a typo.
  func thresholds(policies: [String], withAdmission: Bool) throws -> [Threshold] {
    let metrics = SummaryMetrics.names(withAdmission: withAdmission)
    return try thresholds().map { threshold in
      do { try threshold.validate(policies: policies, metrics: metrics) } catch let error as ThresholdError {
        throw ValidationError("--fail-if \(error.description)")
      }
      return threshold
    }
  }

  func validate() throws { _ = try thresholds() }

  /// `--out` checked before any work starts (exit 1 with the reason otherwise), so that a run
  /// never spends hours only to find it may not write, or would destroy what a user had.
  func checkedOutput(inputs: [String?]) throws -> ReportTarget {
    do { return try ReportTarget.check(out, inputs: inputs.compactMap { $0 }, force: force) } catch {
      printError("Error: \(error)")
      throw ExitCode(1)
    }
  }

  /// Writes the report into the checked target, checking it again (the run may have been long).
  func write(_ files: [ReportFile], to target: ReportTarget, inputs: [String?]) throws {
    do { try ReportSink.writeDirectory(files, to: target, inputs: inputs.compactMap { $0 }, force: force) } catch {
      printError("Error: \(error)")
      throw ExitCode(1)
    }
  }

}
