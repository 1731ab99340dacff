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
struct FleetOptions: ParsableArguments {
  @Option(help: "Pods in the fleet.")
  var pods: Int = 8

  @Option(help: "Cost profile: a built-in name (\(CostProfile.builtIn.map(\.name).joined(separator: ", "))) or a JSON file.")
  var profile: String = "llama-3-8b-a100"

  @Option(name: .customLong("mu-per-minute"), help: "Model units one pod delivers per minute (C_MU).")
  var muPerMinute: Double = 100

  @Option(help: "Router replicas, each with its own view of pod load and its own assignment lag.")
  var routers: Int = 1

  @Option(help: "Seed of every random stream.")
  var seed: UInt64 = 1

  @Option(name: .customLong("report-interval"), help: "Seconds between pod load reports.")
  var reportInterval: Double = 1

  @Option(name: .customLong("report-delay"), help: "Seconds a load report takes to reach the routers.")
  var reportDelay: Double = 0.1

  @Option(help: "Seconds per report window (heatmap columns, pods.csv rows).")
  var window: Double = 60

  @Option(name: .customLong("shard-key"), help: "Key of the sharder: session, tenant, tenant+session, prefix or prefix:N.")
  var shardKey: String = "session"

  @Option(name: .customLong("subset-size"), help: "Pods per key subset: N, or MIN:MAX for Dicer's replica bounds.")
  var subsetSize: String = "2"

  @Option(help: "When a key's whole subset is over the threshold: global, queue, reject or none.")
  var spill: String = "global"

  @Option(name: .customLong("spill-factor"), help: "Spill threshold c: a pod is over above c x the fleet mean MU.")
  var spillFactor: Double = 1.25

  @Option(name: .customLong("pod-mode"), help: "event (fast, closed-form decode) or stepping (reference, every iteration).")
  var podMode: String = "event"

  /// The replay configuration these flags describe, or a usage error naming the flag.
  func configuration(blockSize: Int?) throws -> ReplayConfiguration {
    let profile = try loadProfile(profile)
    guard let key = ShardKeySpec(parsing: shardKey) else {
      throw ValidationError("--shard-key '\(shardKey)': use session, tenant, tenant+session, prefix or prefix:N")
    }
    guard let spillPolicy = SpillPolicy(rawValue: spill) else {
      throw ValidationError("--spill '\(spill)': use global, queue, reject or none")
    }
    let modes: [String: PodSimulationMode] = ["event": .eventDriven, "stepping": .stepping]
    guard let mode = modes[podMode] else {
      throw ValidationError("--pod-mode '\(podMode)': use event or stepping")
    }
    let (minReplicas, maxReplicas) = try parseSubsetSize(subsetSize)
    var routing = RoutingParameters()
    routing.spillPolicy = spillPolicy
    routing.spillFactor = spillFactor
    do { routing = try routing.validated() } catch let error as RoutingParametersError { throw ValidationError(error.description) }
    var sharding = ShardingConfiguration(minReplicas: minReplicas, maxReplicas: maxReplicas)
    sharding.maxLoadHint = muPerMinute / 60
    guard reportInterval > 0, reportDelay >= 0, window >= reportInterval else {
      throw ValidationError("--report-interval must be positive, --report-delay zero or more, --window at least one report interval")
    }
    let configuration = ReplayConfiguration(
      pods: pods, profile: profile, muPerMinute: muPerMinute, routing: routing, routers: routers, seed: seed,
      reportInterval: .seconds(reportInterval), reportDelay: .seconds(reportDelay), window: .seconds(window),
      shardKey: key, defaultBlockSize: blockSize, podMode: mode, sharding: sharding)
    do { try configuration.validate() } catch let error as ConfigurationError { throw ValidationError(error.description) }
    return configuration
  }

  /// Settings printed at the top of the report.
  func reportSettings(_ configuration: ReplayConfiguration, policies: [RoutingPolicyKind]) -> [ReportSetting] {
    var settings = [
      ReportSetting("pods", "\(configuration.pods) x \(configuration.profile.name)"),
      ReportSetting("policies", policies.map(\.rawValue).joined(separator: ", ")),
      ReportSetting("model units", "\(NumberFormat.compact(configuration.muPerMinute)) MU per pod per minute"),
      ReportSetting("routers", "\(configuration.routers), load reports every \(NumberFormat.compact(reportInterval)) s arriving after \(NumberFormat.compact(reportDelay)) s"),
      ReportSetting("seed", "\(configuration.seed)"),
    ]
    if policies.contains(where: \.usesKeySubsets) {
      settings.append(ReportSetting(
        "key subsets", "shard key \(configuration.shardKey), subset size \(subsetSize), spill \(spill) above \(NumberFormat.compact(spillFactor)) x fleet mean"))
    }
    return settings
  }
}

func parseSubsetSize(_ text: String) throws -> (Int, Int) {
  let parts = text.split(separator: ":").map { Int($0) }
  guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
    low >= 1, high >= low
  else { throw ValidationError("--subset-size '\(text)': use N or MIN:MAX with 1 <= MIN <= MAX") }
  return (low, high)
}

func loadProfile(_ nameOrPath: String) throws -> CostProfile {
  if let builtIn = CostProfile.builtIn(named: nameOrPath) { return builtIn }
  guard nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") else {
    throw ValidationError("--profile '\(nameOrPath)': not a built-in profile (\(CostProfile.builtIn.map(\.name).joined(separator: ", "))) nor a JSON file path")
  }
  do { return try CostProfile.load(from: nameOrPath) } catch {
    printError("Error: \(error)")
    throw ExitCode(1)
  }
}

func parsePolicies(_ names: [String]) throws -> [RoutingPolicyKind] {
  var kinds: [RoutingPolicyKind] = []
  for name in names {
    guard let kind = RoutingPolicyKind(rawValue: name) else {
      throw ValidationError("--policy '\(name)': use one of \(RoutingPolicyKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    if !kinds.contains(kind) { kinds.append(kind) }
  }
  return kinds
}

/// The trace reader as a replay source.
struct TraceRecordSource: RecordSource {
  let reader: TraceReader
  mutating func next() throws -> Workload.TraceRecord? { try reader.next() }
}

struct ReplayCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay a request log through the emulated fleet under one or more routing policies.",
    discussion: """
      Writes report.md, summary.csv, summary.json, pods.csv, scaling.csv and svg/ charts into --out, atomically.
      Exit codes: 0 done; 1 bad input or configuration; 3 a --fail-if threshold was breached; 64 usage.
      """)

  @Argument(help: "The request log (zstd or plain; - for standard input).")
  var log: String

  @OptionGroup var input: TraceInputOptions
  @OptionGroup var fleet: FleetOptions
  @OptionGroup(title: "Fleet events and autoscaling") var lifecycle: LifecycleOptions

  @Option(name: .customLong("policy"), help: "Routing policy (repeatable): \(RoutingPolicyKind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var policies: [String] = ["p2c", "mu-least", "mu-subset"]

  @Option(help: "Policy to compute deltas against in the comparison table.")
  var baseline: String?

  @Option(help: "Directory for the report (replaced atomically).")
  var out: String

  @Option(name: .customLong("fail-if"), help: "Exit 3 when a summary metric breaches this, e.g. 'spill_rate > 0.02' (repeatable).")
  var failIf: [String] = []

  func run() async throws {
    let readOptions = try input.readOptions()
    var configuration = try fleet.configuration(blockSize: readOptions.defaultBlockSize)
    try lifecycle.apply(to: &configuration)
    let kinds = try parsePolicies(policies)
    let knownMetrics = SummaryMetrics.names
    let thresholds = try failIf.map { expression in
      do { return try Threshold(parsing: expression, knownMetrics: knownMetrics) } catch let error as ThresholdError {
        throw ValidationError("--fail-if \(error.description)")
      }
    }
    if let baseline, !kinds.map(\.rawValue).contains(baseline) {
      throw ValidationError("--baseline '\(baseline)' is not one of the replayed policies")
    }
    let path = log
    // Fail fast on an unreadable log before starting parallel runs.
    _ = try failOnTraceError { () throws(TraceError) in try TraceReader(path: path, options: readOptions) }
    let started = ContinuousClock.now
    let runs: [PolicyMetrics]
    do {
      runs = try await ReplayRunner.run(policies: kinds, configuration: configuration) {
        TraceRecordSource(reader: try TraceReader(path: path, options: readOptions))
      }
    } catch let error as TraceError {
      printError("Error: \(error)")
      throw ExitCode(1)
    }
    let elapsed = ContinuousClock.now - started
    let report = ReplayReport(
      source: (log as NSString).lastPathComponent, settings: fleet.reportSettings(configuration, policies: kinds) + lifecycle.reportSettings(configuration),
      notes: shardKeyNotes(runs), runs: runs, sampleInterval: configuration.reportInterval,
      podCapacityMU: MUCostModel(profile: configuration.profile, muPerMinute: configuration.muPerMinute).podCapacityMU,
      baseline: baseline)
    do { try ReportSink.writeDirectory(report.files(), to: out) } catch {
      printError("Error: \(error)")
      throw ExitCode(1)
    }
    let requests = runs.first?.offered ?? 0
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    printError("muroute: replayed \(requests) requests x \(runs.count) policies in \(NumberFormat.fixed(seconds, 2)) s (\(NumberFormat.grouped(Int(Double(requests * runs.count) / max(seconds, 1e-9)))) requests/s); report in \(out)")
    let breaches = Threshold.breaches(of: thresholds, in: report)
    if !breaches.isEmpty {
      for breach in breaches { printError("threshold breached: \(breach)") }
      throw ExitCode(ExitCodes.thresholdBreached)
    }
  }

  func shardKeyNotes(_ runs: [PolicyMetrics]) -> [String] {
    guard let sharding = runs.compactMap(\.sharding).first else { return [] }
    guard sharding.keyFallbacks > 0 else { return ["Shard key: \(sharding.shardKey)."] }
    return ["Shard key: \(sharding.shardKey) requested, but \(NumberFormat.grouped(sharding.keyFallbacks)) requests lacked it and were keyed by their first \(ShardKeySpec.defaultPrefixBlocks) prefix blocks instead."]
  }
}
