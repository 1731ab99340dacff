import ArgumentParser
import Fleet
import Foundation
import Replay
import Verdicts
import Reports
import Routing

/// Flags of `sweep`: the swept settings as comma-separated lists, the fleet settings that stay
/// fixed (same names and meanings as `replay`'s), and the objective that picks a point.
struct SweepOptions: ParsableArguments {
  @Option(
    name: .customLong("policy"), help: "Routing policies to sweep (comma-separated or repeated): \(RoutingPolicyKind.nameList).",
    completion: RoutingPolicyKind.completion)
  var policies: [String] = ["mu-subset"]

  @Option(name: .customLong("subset-size"), help: "Subset sizes to sweep: N or MIN:MAX each, e.g. 1,2,4,8,16.")
  var subsetSizes: [String] = ["1,2,4,8"]

  // The swept axes' defaults and the fixed settings' come from `ReplaySettings`, as `replay`'s do.
  static var defaults: ReplaySettings { FleetOptions.defaults }

  @Option(help: "Fleet sizes to sweep, e.g. 8,16.")
  var pods: [String] = [String(defaults.pods)]

  @Option(help: "Spill policies to sweep: \(SpillPolicy.nameList).", completion: SpillPolicy.completion)
  var spill: [String] = [defaults.spill.name]

  @Option(name: .customLong("mu-per-minute"), help: "Model units one pod delivers per minute (C_MU), to sweep.")
  var muPerMinute: [String] = [NumberFormat.compact(defaults.muPerMinute)]

  @OptionGroup var fleet: FleetOptions

  @Option(
    help: "What to optimise: \(SweepObjective.Goal.nameList) (default: \(SweepObjective.Goal.maxCacheHit.name)).",
    completion: SweepObjective.Goal.completion, transform: SweepObjective.Goal.argument)
  var objective: SweepObjective.Goal?

  @Option(name: .customLong("max-imbalance"), help: "Constraint: p99 load imbalance at most this (default: relative, see --max-imbalance-over-best).")
  var maxImbalance: Double?

  @Option(
    name: .customLong("max-imbalance-over-best"),
    help: "Constraint without --max-imbalance: p99 load imbalance at most this multiple of the best-balanced point's (0 for no limit).")
  var maxImbalanceOverBest: Double = 1.25

  @Option(name: .customLong("max-spill-rate"), help: "Constraint: spill rate at most this (negative for no limit).")
  var maxSpillRate: Double = 0.05

  // A point that meets its latency goals by refusing traffic is not a recommendation, hence a
  // default limit on rejections too.
  @Option(name: .customLong("max-reject-rate"), help: "Constraint: reject rate at most this (negative for no limit).")
  var maxRejectRate: Double = 0.01

  @Option(help: "Replays run at once (default: the number of cores).")
  var jobs: Int?

  func validate() throws {
    _ = try plan()
    _ = try sweepObjective()
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  /// The swept values.
  func plan() throws -> SweepPlan {
    do {
      return try SweepPlan(policies: policies, subsetSizes: subsetSizes, pods: pods, spills: spill, muPerMinute: muPerMinute)
    } catch { throw ValidationError(error.description) }
  }

  func sweepObjective() throws -> SweepObjective {
    let goal = objective ?? .maxCacheHit
    guard (maxImbalance ?? 0) >= 0, (maxImbalance ?? 0).isFinite, maxSpillRate.isFinite else {
      throw ValidationError("--max-imbalance must be 0 (no limit) or more, --max-spill-rate a number")
    }
    guard maxImbalanceOverBest >= 0, maxImbalanceOverBest.isFinite else {
      throw ValidationError("--max-imbalance-over-best must be 0 (no limit) or more")
    }
    guard maxRejectRate.isFinite else { throw ValidationError("--max-reject-rate must be a number") }
    return SweepObjective(
      goal: goal, maxImbalance: maxImbalance.flatMap { $0 > 0 ? $0 : nil },
      maxImbalanceOverBest: maxImbalance == nil && maxImbalanceOverBest > 0 ? maxImbalanceOverBest : nil,
      maxSpillRate: maxSpillRate >= 0 ? maxSpillRate : nil,
      maxRejectRate: maxRejectRate >= 0 ? maxRejectRate : nil)
  }

  /// The fixed settings: `replay`'s fleet flags over the defaults, the swept ones at their first value.
  func baseSettings() throws -> ReplaySettings {
    let plan = try plan()
    var settings = ReplaySettings()
    fleet.apply(to: &settings)
    if let pods = plan.pods.first { settings.pods = pods }
    if let mu = plan.muPerMinute.first { settings.muPerMinute = mu }
    if let size = plan.subsetSizes.first { settings.subsetSize = size }
    if let spill = plan.spills.first { settings.spill = spill }
    return settings
  }
}
