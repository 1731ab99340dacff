import ArgumentParser
import Fleet
import Foundation
import Replay
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

  @Option(help: "Fleet sizes to sweep, e.g. 8,16.")
  var pods: [String] = ["8"]

  @Option(help: "Spill policies to sweep: \(SpillPolicy.nameList).", completion: SpillPolicy.completion)
  var spill: [String] = ["global"]

  @Option(name: .customLong("mu-per-minute"), help: "Model units one pod delivers per minute (C_MU), to sweep.")
  var muPerMinute: [String] = ["100"]

  // The fixed fleet settings take their defaults from `ReplaySettings`, as `replay`'s do.
  static let defaults = ReplaySettings()

  @Option(help: "Cost profile: a built-in name or a JSON file.")
  var profile: String = defaults.profile

  @Option(help: "Router replicas.")
  var routers: Int = defaults.routers

  @Option(help: "Seed of every random stream.")
  var seed: UInt64 = defaults.seed

  @Option(name: .customLong("report-interval"), help: "Seconds between pod load reports.")
  var reportInterval: Double = defaults.reportIntervalSeconds

  @Option(name: .customLong("report-delay"), help: "Seconds a load report takes to reach the routers.")
  var reportDelay: Double = defaults.reportDelaySeconds

  @Option(help: "Seconds per report window.")
  var window: Double = defaults.windowSeconds

  @Option(name: .customLong("shard-key"), help: "Key of the sharder: session, tenant, tenant+session, prefix or prefix:N.")
  var shardKey: String = defaults.shardKey

  @Option(name: .customLong("spill-factor"), help: "Spill threshold c: a pod is over above c x the fleet mean MU.")
  var spillFactor: Double = defaults.spillFactor

  @Option(
    name: .customLong("pod-mode"), help: "\(PodSimulationMode.nameList) (default: \(defaults.podMode)).",
    completion: PodSimulationMode.completion, transform: PodSimulationMode.argument)
  var podMode: PodSimulationMode?

  @Option(name: .customLong("prefill-weight"), help: "mu-subset's w_pf: weight of the uncached prefill MU in a pod's cost.")
  var prefillWeight: Double = defaults.routing.muPrefillWeight

  @Option(
    name: .customLong("capacity-reference"),
    help: "Request shape a pod's in-flight MU capacity is expressed in: auto (the mean of the log's first requests) or IN:OUT tokens.")
  var capacityReference = defaults.capacityReference

  @Option(
    help: "Output-length predictor: tenant-mean (production's) or oracle (the log's true lengths, a what-if) (default: \(defaults.predictor)).",
    completion: OutputPredictorKind.completion, transform: OutputPredictorKind.argument)
  var predictor: OutputPredictorKind?

  @Option(
    help: "When requests are sent: logged, or closed-loop (a session's next turn after the replayed answer) (default: \(defaults.arrivals)).",
    completion: ArrivalMode.completion, transform: ArrivalMode.argument)
  var arrivals: ArrivalMode?

  @Option(name: .customLong("max-waiting"), help: "Most requests the simulator holds at once; arrivals beyond are refused as rejected_overload.")
  var maxWaiting = defaults.maxWaiting

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

  /// The base configuration: `replay`'s fleet flags with these fixed values (swept ones at their first value).
  func baseConfiguration(blockSize: Int?) throws -> (FleetOptions, ReplayConfiguration) {
    let plan = try plan()
    let podMode = podMode?.name ?? Self.defaults.podMode
    let predictor = predictor?.name ?? Self.defaults.predictor
    let arrivals = arrivals?.name ?? Self.defaults.arrivals
    var arguments: [String] = [
      "--profile", profile, "--routers", String(routers), "--seed", String(seed),
      "--report-interval", String(reportInterval), "--report-delay", String(reportDelay), "--window", String(window),
      "--shard-key", shardKey, "--spill-factor", String(spillFactor), "--pod-mode", podMode,
      "--prefill-weight", String(prefillWeight), "--capacity-reference", capacityReference,
      "--predictor", predictor, "--arrivals", arrivals,
      "--max-waiting", String(maxWaiting),
    ]
    if let pods = plan.pods.first { arguments += ["--pods", String(pods)] }
    if let mu = plan.muPerMinute.first { arguments += ["--mu-per-minute", String(mu)] }
    if let size = plan.subsetSizes.first { arguments += ["--subset-size", size.description] }
    if let spill = plan.spills.first { arguments += ["--spill", spill.rawValue] }
    let fleet = try FleetOptions.parse(arguments)
    return (fleet, try fleet.configuration(blockSize: blockSize))
  }

  /// The report header: the fixed settings, then each swept list.
  func reportSettings(_ configuration: ReplayConfiguration, plan: SweepPlan) -> [ReportSetting] {
    var settings = [
      ReportSetting("profile", configuration.profile.name + schedulerNote(configuration.profile)),
      ReportSetting(
        "routers",
        "\(configuration.routers), load reports every \(NumberFormat.compact(reportInterval)) s arriving after \(NumberFormat.compact(reportDelay)) s"),
      ReportSetting("seed", "\(configuration.seed)"),
      capacitySetting(configuration, calibrated: capacityReference == "auto"),
      ReportSetting("shard key", "\(configuration.shardKey), spill above \(NumberFormat.compact(spillFactor)) x fleet mean"),
    ]
    if configuration.predictor == .oracle {
      settings.append(ReportSetting("output-length predictor", "oracle (the log's true output lengths: a what-if, not a router's knowledge)"))
    }
    if configuration.arrivals == .closedLoop {
      settings.append(ReportSetting("arrivals", "closed loop per session (a turn waits for the replayed answer to the previous one)"))
    }
    if configuration.maxWaiting != ReplayConfiguration.defaultMaxWaiting {
      settings.append(ReportSetting("max waiting", maxWaitingText(configuration.maxWaiting)))
    }
    let oracle = configuration.predictor == .oracle ? " (oracle predictor)" : ""
    settings.append(ReportSetting("swept policies", plan.policies.map { $0.rawValue + oracle }.joined(separator: ", ")))
    settings.append(ReportSetting("swept subset sizes", plan.subsetSizes.map(\.description).joined(separator: ", ")))
    settings.append(ReportSetting("swept pods", plan.pods.map(String.init).joined(separator: ", ")))
    settings.append(ReportSetting("swept spill policies", plan.spills.map(\.rawValue).joined(separator: ", ")))
    settings.append(ReportSetting("swept MU per pod per minute", plan.muPerMinute.map { NumberFormat.compact($0) }.joined(separator: ", ")))
    return settings
  }
}
