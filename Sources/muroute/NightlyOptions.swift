import ArgumentParser
import Reports

/// What `replay` and `sweep` share for unattended runs: the output directory and the
/// thresholds that decide the exit code.
struct NightlyOptions: ParsableArguments {
  @Option(help: "Directory for the report (replaced atomically).")
  var out: String

  @Option(name: .customLong("fail-if"), help: "Exit 3 when a summary metric breaches this, e.g. 'spill_rate > 0.02' or 'mu-subset:ttft_p99_ms > 800' (repeatable; the policy must be replayed and the metric produced by the run; each threshold and breach is recorded in the report).")
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
}
