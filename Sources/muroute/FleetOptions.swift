import ArgumentParser
import Fleet
import Replay
import Reports
import Routing

/// The fleet and routing-stack flags `replay` and `sweep` share, each declared once with its
/// default from `ReplaySettings` (shown in the help).
///
/// Every option is optional: a flag given on the command line overrides the scenario file,
/// which overrides the defaults. Values are read by their setting's own type (`SettingText`),
/// so a misspelt one is a usage error with a suggestion, as in a scenario file.
struct FleetOptions: ParsableArguments {
  static let defaults = ReplaySettings()

  @Option(help: "Cost profile: a built-in name (\(CostProfile.builtIn.map(\.name).joined(separator: ", "))) or a JSON file (default: \(defaults.profile)).")
  var profile: String?

  @Option(help: "Router replicas, each with its own view of pod load and its own assignment lag (default: \(defaults.routers)).")
  var routers: Int?

  @Option(help: "Seed of every random stream (default: \(defaults.seed)).")
  var seed: UInt64?

  @Option(name: .customLong("report-interval"), help: "Seconds between pod load reports (default: \(NumberFormat.compact(defaults.reportIntervalSeconds))).")
  var reportInterval: Double?

  @Option(
    name: .customLong("report-delay"), help: "Seconds a load report takes to reach the routers (default: \(NumberFormat.compact(defaults.reportDelaySeconds)))."
  )
  var reportDelay: Double?

  @Option(help: "Seconds per report window: heatmap columns, pods.csv rows (default: \(NumberFormat.compact(defaults.windowSeconds))).")
  var window: Double?

  @Option(
    name: .customLong("shard-key"), help: "Key of the sharder: session, tenant, tenant+session, prefix or prefix:N (default: \(defaults.shardKey)).",
    transform: ShardKeySpec.setting)
  var shardKey: ShardKeySpec?

  @Option(
    name: .customLong("spill-factor"),
    help: "Spill threshold c: a pod is over above c x the fleet mean MU (default: \(NumberFormat.compact(defaults.spillFactor))).")
  var spillFactor: Double?

  @Option(
    name: .customLong("pod-mode"), help: "event (fast, closed-form decode) or stepping (reference, every iteration) (default: \(defaults.podMode.name)).",
    completion: PodSimulationMode.completion, transform: PodSimulationMode.setting)
  var podMode: PodSimulationMode?

  @Option(
    help:
      "Pod scheduler: chunked (vLLM v1: prefill chunks fused with the running decodes) or prefill-first (vLLM before v1: waiting prompts prefill whole in passes of their own) (default: the profile's, chunked).",
    completion: .list(PodScheduler.allCases.map(\.rawValue)), transform: PodScheduler.setting)
  var scheduler: PodScheduler?

  @Option(
    name: .customLong("router-profile"),
    help: "Cost profile the routers' MU model believes (built-in name or JSON file) while the pods run --profile (default: the same).")
  var routerProfile: String?

  @Option(
    name: .customLong("router-scale"),
    help: "Factors on the coefficients the routers believe: X for all, or prefill=X,decode=Y (e.g. prefill=1.2 for prefill priced 20% too high) (default: 1).",
    transform: RouterScale.setting)
  var routerScale: RouterScale?

  @Option(
    name: .customLong("capacity-reference"),
    help:
      "Request shape a pod's in-flight MU capacity is expressed in: auto (the mean of the log's first \(CapacityCalibration.sampleSize) requests) or IN:OUT tokens (default: \(defaults.capacityReference)).",
    transform: CapacityReference.setting)
  var capacityReference: CapacityReference?

  @Option(
    help:
      "Output-length predictor for MU estimates and in-flight load: tenant-mean (production's: the tenant's recent mean, capped by max_tokens) or oracle (the log's true lengths: a what-if for perfect prediction) (default: \(defaults.predictor.name)).",
    completion: OutputPredictorKind.completion, transform: OutputPredictorKind.setting)
  var predictor: OutputPredictorKind?

  @Option(
    help:
      "When requests are sent: logged (each at its logged time) or closed-loop (a session's next turn its logged think time after the replayed answer to the previous one) (default: \(defaults.arrivals.name)).",
    completion: ArrivalMode.completion, transform: ArrivalMode.setting)
  var arrivals: ArrivalMode?

  @Option(
    name: .customLong("prefill-weight"),
    help:
      "mu-subset's w_pf: weight of the uncached prefill MU in a pod's cost; 0 picks by load alone (default: \(NumberFormat.compact(defaults.routing.muPrefillWeight)))."
  )
  var prefillWeight: Double?

  @Option(
    name: .customLong("max-waiting"),
    help:
      "Most requests the simulator holds at once (on pods, held at routers, queued by admission); arrivals beyond it are refused as rejected_overload, which bounds memory under bursts (default: \(NumberFormat.grouped(defaults.maxWaiting)))."
  )
  var maxWaiting: Int?

  /// Overrides `settings` with every flag given on the command line.
  func apply(to settings: inout ReplaySettings) {
    if let profile { settings.profile = profile }
    if let routers { settings.routers = routers }
    if let seed { settings.seed = seed }
    if let reportInterval { settings.reportIntervalSeconds = reportInterval }
    if let reportDelay { settings.reportDelaySeconds = reportDelay }
    if let window { settings.windowSeconds = window }
    if let shardKey { settings.shardKey = shardKey }
    if let spillFactor { settings.spillFactor = spillFactor }
    if let podMode { settings.podMode = podMode }
    if let scheduler { settings.scheduler = scheduler }
    if let routerProfile { settings.routerProfile = routerProfile }
    if let routerScale { settings.routerScale = routerScale }
    if let prefillWeight { settings.routing.muPrefillWeight = prefillWeight }
    if let capacityReference { settings.capacityReference = capacityReference }
    if let predictor { settings.predictor = predictor }
    if let arrivals { settings.arrivals = arrivals }
    if let maxWaiting { settings.maxWaiting = maxWaiting }
  }

  /// Files these flags name, which the report may not overwrite.
  var inputFiles: [String?] { [profile, routerProfile] }
}

/// The settings a sweep varies, as single values for `replay`.
struct PointOptions: ParsableArguments {
  static var defaults: ReplaySettings { FleetOptions.defaults }

  @Option(help: "Pods in the fleet (default: \(defaults.pods)).")
  var pods: Int?

  @Option(name: .customLong("mu-per-minute"), help: "Model units one pod delivers per minute, C_MU (default: \(NumberFormat.compact(defaults.muPerMinute))).")
  var muPerMinute: Double?

  @Option(
    name: .customLong("subset-size"), help: "Pods per key subset: N, or MIN:MAX for Dicer's replica bounds (default: \(defaults.subsetSize)).",
    transform: SubsetSize.setting)
  var subsetSize: SubsetSize?

  @Option(
    help: "When a key's whole subset is over the threshold: \(SpillPolicy.nameList) (default: \(defaults.spill.name)).",
    completion: SpillPolicy.completion, transform: SpillPolicy.setting)
  var spill: SpillPolicy?

  /// Overrides `settings` with every flag given on the command line.
  func apply(to settings: inout ReplaySettings) {
    if let pods { settings.pods = pods }
    if let muPerMinute { settings.muPerMinute = muPerMinute }
    if let subsetSize { settings.subsetSize = subsetSize }
    if let spill { settings.spill = spill }
  }
}

/// `settings` checked and built, or a usage error saying what to fix.
func checkedConfiguration(_ settings: ReplaySettings, blockSize: Int?) throws -> ReplayConfiguration {
  do { return try settings.configuration(blockSize: blockSize) } catch { throw ValidationError(error.description) }
}
