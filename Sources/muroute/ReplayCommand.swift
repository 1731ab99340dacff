import ArgumentParser
import Fleet
import Foundation
import Measurements
import Replay
import Verdicts
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
      "Routing policy (repeatable, or a comma list): \(RoutingPolicyKind.names.joined(separator: ", ")) (default: the scenario's, else \(FleetOptions.defaults.policies.map(\.name).joined(separator: ", "))).",
    completion: RoutingPolicyKind.completion, transform: RoutingPolicyKind.list)
  var policies: [[RoutingPolicyKind]] = []

  @OptionGroup var nightly: NightlyOptions

  @OptionGroup var point: PointOptions
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

  @Option(
    help: "Policy to compute deltas against in the comparison table.", completion: RoutingPolicyKind.completion,
    transform: RoutingPolicyKind.setting)
  var baseline: RoutingPolicyKind?

  @Option(help: "Replay the log's arrivals this many times as densely (what if traffic grew; 1: as logged). Event times are on the replayed clock.")
  var speedup: Double = 1

  /// Every file the run reads: none of them may be, or be inside, the report's directory.
  var inputFiles: [String?] { logs + [scenario, contracts, lifecycle.events] + fleet.inputFiles }

  func run() async throws {
    let output = try nightly.checkedOutput(inputs: inputFiles)
    let readOptions = try input.readOptions()
    let settings = try resolvedSettings()
    var configuration = try checkedConfiguration(settings, blockSize: readOptions.defaultBlockSize)
    try lifecycle.apply(to: &configuration)
    let kinds = settings.policies
    let baseline = settings.baseline
    let thresholds = try nightly.thresholds(policies: kinds.map(\.rawValue), withAdmission: configuration.contracts != nil)
    if let baseline, !kinds.contains(baseline) {
      throw ValidationError("--baseline '\(baseline.name)' is not one of the replayed policies")
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
    var report = ReplayReport(
      source: merged.set.label,
      settings: ReportHeader.replay(
        RunSettings(settings, configuration, speedup: scale.speedup), policies: kinds.map(\.name),
        usesKeySubsets: kinds.contains(where: \.usesKeySubsets), window: windowSettings(window),
        admission: settings.contracts.map(AdmissionSettings.init), lifecycle: lifecycle.reportSettings(configuration)),
      notes: ReportHeader.shardKeyNotes(runs, fallbackBlocks: ShardKeySpec.defaultPrefixBlocks), runs: runs, sampleInterval: configuration.reportInterval,
      podCapacityMU: configuration.costModel.podCapacityMU,
      baseline: baseline?.rawValue, observed: observed,
      invocation: ToolVersion.invocation(), thresholds: thresholds)
    report.breaches = Threshold.breaches(of: thresholds, in: report.measuredRows)
    try nightly.write(report.files(), to: output, inputs: inputFiles)
    let requests = runs.first?.offered ?? 0
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    printError(
      "muroute: replayed \(requests) requests x \(runs.count) policies in \(NumberFormat.fixed(seconds, 2)) s (\(NumberFormat.grouped(Int(Double(requests * runs.count) / max(seconds, 1e-9)))) requests/s); report in \(nightly.out)"
    )
    let breaches = report.breaches
    if !breaches.isEmpty {
      for breach in breaches { printError("threshold breached: \(breach.line)") }
      throw ExitCode(ExitCodes.thresholdBreached)
    }
  }
}
