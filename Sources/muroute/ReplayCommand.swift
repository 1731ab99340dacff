import ArgumentParser
import Fleet
import Foundation
import Measurements
import Replay
import Reports
import Routing
import Sharding
import SimCore
import Traces
import Workload

/// Exit codes the nightly job can rely on (also in the README).
enum ExitCodes {
  /// One or more `--fail-if` thresholds were breached; the report was still written.
  static let thresholdBreached: Int32 = 3
}

/// Options that shape the replayed fleet and routing stack (shared by `replay` and `sweep`).
///
/// Every option is optional: a flag given on the command line overrides the scenario file,
/// which overrides the defaults in `ReplaySettings` (shown in the help).
struct FleetOptions: ParsableArguments {
  static let defaults = ReplaySettings()

  @Option(help: "Pods in the fleet (default: \(defaults.pods)).")
  var pods: Int?

  @Option(help: "Cost profile: a built-in name (\(CostProfile.builtIn.map(\.name).joined(separator: ", "))) or a JSON file (default: \(defaults.profile)).")
  var profile: String?

  @Option(name: .customLong("mu-per-minute"), help: "Model units one pod delivers per minute, C_MU (default: \(NumberFormat.compact(defaults.muPerMinute))).")
  var muPerMinute: Double?

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

  @Option(name: .customLong("shard-key"), help: "Key of the sharder: session, tenant, tenant+session, prefix or prefix:N (default: \(defaults.shardKey)).")
  var shardKey: String?

  @Option(name: .customLong("subset-size"), help: "Pods per key subset: N, or MIN:MAX for Dicer's replica bounds (default: \(defaults.subsetSize)).")
  var subsetSize: String?

  @Option(
    help: "When a key's whole subset is over the threshold: \(SpillPolicy.nameList) (default: \(defaults.spill)).",
    completion: SpillPolicy.completion, transform: SpillPolicy.argument)
  var spill: SpillPolicy?

  @Option(
    name: .customLong("spill-factor"),
    help: "Spill threshold c: a pod is over above c x the fleet mean MU (default: \(NumberFormat.compact(defaults.spillFactor))).")
  var spillFactor: Double?

  @Option(
    name: .customLong("pod-mode"), help: "event (fast, closed-form decode) or stepping (reference, every iteration) (default: \(defaults.podMode)).",
    completion: PodSimulationMode.completion, transform: PodSimulationMode.argument)
  var podMode: PodSimulationMode?

  @Option(
    help:
      "Pod scheduler: chunked (vLLM v1: prefill chunks fused with the running decodes) or prefill-first (vLLM before v1: waiting prompts prefill whole in passes of their own) (default: the profile's, chunked)."
  )
  var scheduler: String?

  @Option(
    name: .customLong("router-profile"),
    help: "Cost profile the routers' MU model believes (built-in name or JSON file) while the pods run --profile (default: the same).")
  var routerProfile: String?

  @Option(
    name: .customLong("router-scale"),
    help: "Factors on the coefficients the routers believe: X for all, or prefill=X,decode=Y (e.g. prefill=1.2 for prefill priced 20% too high) (default: 1).")
  var routerScale: String?

  @Option(
    name: .customLong("capacity-reference"),
    help:
      "Request shape a pod's in-flight MU capacity is expressed in: auto (the mean of the log's first \(CapacityCalibration.sampleSize) requests) or IN:OUT tokens (default: \(defaults.capacityReference))."
  )
  var capacityReference: String?

  @Option(
    help:
      "Output-length predictor for MU estimates and in-flight load: tenant-mean (production's: the tenant's recent mean, capped by max_tokens) or oracle (the log's true lengths: a what-if for perfect prediction) (default: \(defaults.predictor)).",
    completion: OutputPredictorKind.completion, transform: OutputPredictorKind.argument)
  var predictor: OutputPredictorKind?

  @Option(
    help:
      "When requests are sent: logged (each at its logged time) or closed-loop (a session's next turn its logged think time after the replayed answer to the previous one) (default: \(defaults.arrivals)).",
    completion: ArrivalMode.completion, transform: ArrivalMode.argument)
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
    if let pods { settings.pods = pods }
    if let profile { settings.profile = profile }
    if let muPerMinute { settings.muPerMinute = muPerMinute }
    if let routers { settings.routers = routers }
    if let seed { settings.seed = seed }
    if let reportInterval { settings.reportIntervalSeconds = reportInterval }
    if let reportDelay { settings.reportDelaySeconds = reportDelay }
    if let window { settings.windowSeconds = window }
    if let shardKey { settings.shardKey = shardKey }
    if let subsetSize { settings.subsetSize = subsetSize }
    if let spill { settings.spill = spill.name }
    if let spillFactor { settings.spillFactor = spillFactor }
    if let podMode { settings.podMode = podMode.name }
    if let scheduler { settings.scheduler = scheduler }
    if let routerProfile { settings.routerProfile = routerProfile }
    if let routerScale { settings.routerScale = routerScale }
    if let prefillWeight { settings.routing.muPrefillWeight = prefillWeight }
    if let capacityReference { settings.capacityReference = capacityReference }
    if let predictor { settings.predictor = predictor.name }
    if let arrivals { settings.arrivals = arrivals.name }
    if let maxWaiting { settings.maxWaiting = maxWaiting }
  }

  /// The replay configuration these flags describe over the defaults, or a usage error naming the flag.
  func configuration(blockSize: Int?) throws -> ReplayConfiguration {
    var settings = ReplaySettings()
    apply(to: &settings)
    return try checkedConfiguration(settings, blockSize: blockSize)
  }

  /// Settings printed at the top of the report.
  func reportSettings(_ configuration: ReplayConfiguration, policies: [RoutingPolicyKind]) -> [ReportSetting] {
    var settings = ReplaySettings()
    apply(to: &settings)
    return reportLines(settings, configuration, policies: policies)
  }
}

/// `settings` checked and built, or a usage error saying what to fix.
func checkedConfiguration(_ settings: ReplaySettings, blockSize: Int?) throws -> ReplayConfiguration {
  do { return try settings.configuration(blockSize: blockSize) } catch { throw ValidationError(error.description) }
}

/// Settings printed at the top of the report.
func reportLines(_ settings: ReplaySettings, _ configuration: ReplayConfiguration, policies: [RoutingPolicyKind]) -> [ReportSetting] {
  // An oracle is no router's knowledge: every policy of the run is labelled with it.
  let oracle = configuration.predictor == .oracle ? " (oracle predictor)" : ""
  var lines = [
    ReportSetting("pods", "\(configuration.pods) x \(configuration.profile.name)" + schedulerNote(configuration.profile)),
    ReportSetting("policies", policies.map { $0.rawValue + oracle }.joined(separator: ", ")),
    ReportSetting("model units", "\(NumberFormat.compact(configuration.muPerMinute)) MU per pod per minute"),
    capacitySetting(configuration, calibrated: settings.calibratesCapacity),
    ReportSetting(
      "routers",
      "\(configuration.routers), load reports every \(NumberFormat.compact(settings.reportIntervalSeconds)) s arriving after \(NumberFormat.compact(settings.reportDelaySeconds)) s"
    ),
    ReportSetting("seed", "\(configuration.seed)"),
  ]
  if configuration.arrivals == .closedLoop {
    lines.append(
      ReportSetting(
        "arrivals",
        "closed loop per session: a turn is sent its logged think time after the replayed answer to the previous "
          + "turn (never before its logged time); requests without a session at their logged times"))
  }
  if configuration.predictor == .oracle {
    lines.append(
      ReportSetting(
        "output-length predictor",
        "oracle: the log's true output lengths price every request and drive in-flight MU. A what-if for perfect "
          + "prediction, not what a router can know; compare with the default tenant-mean run"))
  }
  if configuration.maxWaiting != ReplayConfiguration.defaultMaxWaiting {
    lines.append(ReportSetting("max waiting", maxWaitingText(configuration.maxWaiting)))
  }
  if let believed = configuration.routerProfile {
    let scale = settings.routerScale.map { " scaled \($0)" } ?? ""
    lines.append(
      ReportSetting(
        "routers believe",
        "\(believed.name)\(scale) (the pods run \(configuration.profile.name)); pod load, imbalance and hotspots are measured in the pods' own work"))
  }
  if policies.contains(where: \.usesKeySubsets) {
    lines.append(
      ReportSetting(
        "key subsets",
        "shard key \(configuration.shardKey), subset size \(settings.subsetSize), spill \(settings.spill) above \(NumberFormat.compact(settings.spillFactor)) x fleet mean"
      ))
  }
  return lines
}

/// The report line for a ceiling other than the default.
func maxWaitingText(_ ceiling: Int) -> String {
  "\(NumberFormat.grouped(ceiling)) requests in the simulator at once; arrivals beyond are rejected_overload"
}

/// Names the scheduler in the report header when it is not the default.
func schedulerNote(_ profile: CostProfile) -> String {
  profile.scheduler == .chunked ? "" : " (\(profile.scheduler.rawValue) scheduler)"
}

/// The report line that states a pod's in-flight MU capacity and where its reference shape came from.
func capacitySetting(_ configuration: ReplayConfiguration, calibrated: Bool) -> ReportSetting {
  let model = configuration.costModel
  let shape = configuration.capacityReference
  let origin = calibrated ? "the mean of the log's first \(NumberFormat.grouped(CapacityCalibration.sampleSize)) requests" : "--capacity-reference"
  return ReportSetting(
    "pod capacity",
    "\(NumberFormat.fixed(model.podCapacityMU, 1)) MU in flight: \(model.saturationBatch) requests of "
      + "\(NumberFormat.grouped(shape.inputTokens)) prompt / \(NumberFormat.grouped(shape.outputTokens)) output tokens (\(origin))")
}

/// Policy names as given (repeated flags, comma lists, any case), checked, duplicates dropped.
func parsePolicies(_ names: [String]) throws -> [RoutingPolicyKind] {
  var kinds: [RoutingPolicyKind] = []
  for name in names.flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }) {
    guard let kind = RoutingPolicyKind(named: name) else {
      throw ValidationError("--policy '\(name)': \(RoutingPolicyKind.unknownNameMessage(name))")
    }
    if !kinds.contains(kind) { kinds.append(kind) }
  }
  return kinds
}

struct ReplayCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay a request log through the emulated fleet under one or more routing policies.",
    discussion: """
      Writes report.md, summary.csv, summary.json, pods.csv, scaling.csv and svg/ charts into --out, atomically.
      Settings come from the flags given, else the --scenario file, else the defaults shown below. \
      --contracts admits requests by per-tenant MU/min contracts (docs/contracts.md); --from, --to and \
      --warmup replay a window of the log after an unmeasured warm-up (docs/simulation.md).
      Examples:
        muroute replay traces/sample-chat.jsonl.zst --pods 8 --policy p2c,mu-least,mu-subset --baseline p2c -o report
        muroute replay day.jsonl.zst --from 2026-11-24T14:00:00Z --to 2026-11-24T15:00:00Z --warmup 600 --events incident.jsonl -o incident
        muroute replay day.jsonl.zst --pods 64 --policy mu-subset -o /srv/reports/today --fail-if 'spill_rate > 0.02'
      --out may be a new path, an empty directory or an earlier report (it holds .muroute-report); anything else is refused.
      Exit codes: 0 done; 1 bad input or configuration; 3 a --fail-if threshold was breached; 64 usage.
      """)

  @Argument(help: logArgumentsHelp)
  var logs: [String]

  @Option(
    name: .customLong("policy"),
    help:
      "Routing policy (repeatable, or a comma list): \(RoutingPolicyKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: the scenario's, else \(FleetOptions.defaults.policies.joined(separator: ", "))).",
    completion: RoutingPolicyKind.completion)
  var policies: [String] = []

  @OptionGroup var nightly: NightlyOptions

  @OptionGroup var fleet: FleetOptions
  @OptionGroup var input: TraceInputOptions
  @OptionGroup(title: "Fleet events and autoscaling") var lifecycle: LifecycleOptions

  @Option(help: "Scenario file (YAML, docs/scenario.example.yaml): its settings become the defaults; flags given here override them.")
  var scenario: String?

  @Option(help: "Contracts file (YAML, docs/contracts.md): admit requests by per-tenant MU/min contracts; overrides the scenario's contracts.")
  var contracts: String?

  @Option(help: "Replay only from this point: seconds from the log's start, or an RFC 3339 time.")
  var from: String?

  @Option(help: "Stop reading at this point (exclusive): seconds from the log's start, or an RFC 3339 time.")
  var to: String?

  @Option(help: "Seconds before --from whose requests warm the fleet up (pods, caches, sharder) but are not measured.")
  var warmup: Double?

  @Option(help: "Policy to compute deltas against in the comparison table.")
  var baseline: String?

  @Option(help: "Replay the log's arrivals this many times as densely (what if traffic grew; 1: as logged). Event times are on the replayed clock.")
  var speedup: Double = 1

  /// Every file the run reads: none of them may be, or be inside, the report's directory.
  var inputFiles: [String?] { logs + [scenario, contracts, lifecycle.events, fleet.profile, fleet.routerProfile] }

  func run() async throws {
    let output = try nightly.checkedOutput(inputs: inputFiles)
    let readOptions = try input.readOptions()
    let settings = try resolvedSettings()
    var configuration = try checkedConfiguration(settings, blockSize: readOptions.defaultBlockSize)
    try lifecycle.apply(to: &configuration)
    let kinds = try parsePolicies(settings.policies)
    let baseline = settings.baseline
    let thresholds = try nightly.thresholds(policies: kinds.map(\.rawValue), withAdmission: configuration.contracts != nil)
    if let baseline, !kinds.map(\.rawValue).contains(baseline) {
      throw ValidationError("--baseline '\(baseline)' is not one of the replayed policies")
    }
    // Every file's format is checked here, before the parallel runs start.
    let merged = try openLogs(logs, options: readOptions)
    let window = try resolvedWindow(logStart: merged.firstArrival)
    let scale = try timeScale(logStart: merged.firstArrival)
    configuration.measuredFrom = window.measureFrom.map(scale.apply)
    let counter = ProgressCounter()
    // Every policy reads the records of one reader: the log is read once.
    let bar = ProgressBar.start(label: "replay", counter: counter, logBytes: merged.set.totalBytes, runs: 1)
    let started = ContinuousClock.now
    let runs: [PolicyMetrics]
    let observed: ObservedMetrics?
    do {
      let makeSource = { @Sendable (progress: ProgressCounter?) throws in
        TimeScaledRecordSource(
          WindowedRecordSource(
            ProgressRecordSource(reader: try merged.makeReader(), counter: progress),
            window: window),
          scale: scale)
      }
      if settings.calibratesCapacity {
        var sample = try makeSource(nil)
        configuration.capacityReference = try CapacityCalibration.referenceShape(of: &sample)
      }
      if lifecycle.events != nil {
        // The replay's zero is its first request (after the warm-up's start and --speedup):
        // events given as RFC 3339 times are placed on that clock.
        var first = try makeSource(nil)
        let clock = try first.next().map { EventClock(start: $0.arrivalNanos, scale: scale) }
        try lifecycle.applyEvents(to: &configuration, clock: clock)
      }
      let runConfiguration = configuration
      (runs, observed) = try await ReplayRunner.runObserving(policies: kinds, configuration: runConfiguration) {
        try makeSource(bar == nil ? nil : counter)
      }
    } catch let error as TraceError {
      bar?.stop()
      printError("Error: \(error)")
      throw ExitCode(1)
    }
    bar?.stop()
    let elapsed = ContinuousClock.now - started
    let report = ReplayReport(
      source: merged.set.label,
      settings: reportLines(settings, configuration, policies: kinds) + extraReportLines(settings, window: window)
        + lifecycle.reportSettings(configuration) + speedupReportLines(scale),
      notes: shardKeyNotes(runs), runs: runs, sampleInterval: configuration.reportInterval,
      podCapacityMU: configuration.costModel.podCapacityMU,
      baseline: baseline, observed: observed,
      invocation: ToolVersion.invocation(), thresholds: thresholds)
    try nightly.write(report.files(), to: output, inputs: inputFiles)
    let requests = runs.first?.offered ?? 0
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    printError(
      "muroute: replayed \(requests) requests x \(runs.count) policies in \(NumberFormat.fixed(seconds, 2)) s (\(NumberFormat.grouped(Int(Double(requests * runs.count) / max(seconds, 1e-9)))) requests/s); report in \(nightly.out)"
    )
    let breaches = report.breaches
    if !breaches.isEmpty {
      for breach in breaches { printError("threshold breached: \(breach)") }
      throw ExitCode(ExitCodes.thresholdBreached)
    }
  }

  func shardKeyNotes(_ runs: [PolicyMetrics]) -> [String] {
    guard let sharding = runs.compactMap(\.sharding).first else { return [] }
    guard sharding.keyFallbacks > 0 else { return ["Shard key: \(sharding.shardKey)."] }
    return [
      "Shard key: \(sharding.shardKey) requested, but \(NumberFormat.grouped(sharding.keyFallbacks)) requests lacked it and were keyed by their first \(ShardKeySpec.defaultPrefixBlocks) prefix blocks instead."
    ]
  }
}
