import Fleet
import Foundation
import Routing
import Yams

/// A scenario file: fleet, profile, policies and their parameters in YAML, so a what-if can be
/// saved and replayed. Every key is optional; command-line flags override the file.
///
/// ```yaml
/// fleet: {pods: 16, profile: llama-3-70b-h100-tp2, mu_per_minute: 100, routers: 2, max_waiting: 250000}
/// policies: [p2c, mu-least, mu-subset]
/// baseline: p2c
/// seed: 7
/// sharding: {shard_key: session, subset_size: "2:4", spill: global, spill_factor: 1.25}
/// routing: {bounded_load_factor: 1.25, sglang_cache_threshold: 0.3}
/// contracts: {tenants: {acme: {reserved_mu_per_min: 50}}, best_effort_mu_per_min: 200}
/// ```
/// `contracts` has the schema of a contracts file (docs/contracts.md).
public struct Scenario: Decodable, Sendable, Equatable {
  public struct Fleet: Decodable, Sendable, Equatable {
    public var pods: Int?
    public var profile: String?
    public var muPerMinute: Double?
    public var routers: Int?
    public var reportIntervalS: Double?
    public var reportDelayS: Double?
    public var podMode: SettingValue<PodSimulationMode>?
    public var predictor: SettingValue<OutputPredictorKind>?
    public var arrivals: SettingValue<ArrivalMode>?
    public var maxWaiting: Int?
    public var scheduler: SettingValue<PodScheduler>?
    public var routerProfile: String?
    public var routerScale: SettingValue<RouterScale>?
  }

  public struct Sharding: Decodable, Sendable, Equatable {
    public var shardKey: SettingValue<ShardKeySpec>?
    public var subsetSize: SettingValue<SubsetSize>?
    public var spill: SettingValue<SpillPolicy>?
    public var spillFactor: Double?
    public var imbalanceTolerance: Double?
    public var loadBalancingIntervalS: Double?
    public var propagationDelayS: Double?
  }

  /// Routing policy tunables (names as in `RoutingParameters`, in snake_case).
  public struct Routing: Decodable, Sendable, Equatable {
    public var boundedLoadFactor: Double?
    public var virtualNodesPerPod: Int?
    public var sglangCacheThreshold: Double?
    public var sglangBalanceAbsThreshold: Int?
    public var sglangBalanceRelThreshold: Double?
    public var dynamoPrefillLoadScale: Double?
    public var llmdPrefixWeight: Double?
    public var llmdQueueWeight: Double?
    public var llmdKvUtilizationWeight: Double?
    public var muFloor: Double?
    public var muPrefillWeight: Double?
  }

  public var fleet: Fleet?
  public var policies: [SettingValue<RoutingPolicyKind>]?
  public var baseline: SettingValue<RoutingPolicyKind>?
  public var seed: UInt64?
  public var windowS: Double?
  public var sharding: Sharding?
  public var routing: Routing?
  /// Admission by MU/min contract, read by `ContractsFile` (not the Decodable machinery).
  public var contracts: Contracts?
  /// Keys read outside the Decodable machinery (`contracts`, by `ContractsFile`).
  static let separatelyParsedKeys = ["contracts"]

  /// Keys accepted at each level, so that a misspelt key is an error instead of a silent default.
  /// Derived from the coding keys: a key is declared once, where it is decoded.
  static let schema: [String: [String]] = [
    "": CodingKeys.allCases.map(\.stringValue) + separatelyParsedKeys,
    "fleet": Fleet.CodingKeys.allCases.map(\.stringValue),
    "sharding": Sharding.CodingKeys.allCases.map(\.stringValue),
    "routing": Routing.CodingKeys.allCases.map(\.stringValue),
  ]

  /// Reads and checks a scenario file.
  public static func load(path: String) throws(ScenarioError) -> Scenario {
    let text: String
    do { text = try YAMLFile.text(at: path, kind: "scenario file") } catch { throw ScenarioError(path: path, message: error.message) }
    return try parse(text, path: path)
  }

  /// Parses scenario text; `path` only names the file in errors.
  public static func parse(_ text: String, path: String) throws(ScenarioError) -> Scenario {
    let node: Node?
    do { node = try YAMLFile.compose(text) } catch { throw ScenarioError(path: path, message: error.message) }
    guard let node else { return Scenario() }
    try checkKeys(node, level: "", path: path)
    var scenario: Scenario
    do {
      let decoder = YAMLDecoder()
      scenario = try decoder.decode(Scenario.self, from: text, userInfo: [:])
    } catch let DecodingError.typeMismatch(type, context) {
      throw ScenarioError(path: path, message: "'\(keyPath(context.codingPath))' must be \(describe(type))")
    } catch let DecodingError.dataCorrupted(context) {
      // Yams wraps what a value's own decoder throws.
      if let error = context.underlyingError as? SettingValueError { throw ScenarioError(path: path, message: error.description) }
      throw ScenarioError(path: path, message: "'\(keyPath(context.codingPath))': \(context.debugDescription)")
    } catch {
      throw ScenarioError(path: path, message: "\(error)")
    }
    if let contracts = node.mapping?["contracts"] {
      do { scenario.contracts = try ContractsFile.parse(contracts, path: path, keyPath: "contracts") } catch {
        throw ScenarioError(path: path, message: error.withoutPath)
      }
    }
    return scenario
  }

  public init() {}

  enum CodingKeys: String, CodingKey, CaseIterable {
    case fleet, policies, baseline, seed, windowS = "window_s", sharding, routing
  }

  static func checkKeys(_ node: Node, level: String, path: String) throws(ScenarioError) {
    guard let mapping = node.mapping else {
      if level.isEmpty { throw ScenarioError(path: path, message: "the top level must be a mapping of keys") }
      return
    }
    let allowed = schema[level] ?? []
    for (key, value) in mapping {
      let name = key.string ?? ""
      guard allowed.contains(name) else {
        let place = level.isEmpty ? "at the top level" : "under '\(level)'"
        throw ScenarioError(path: path, message: "unknown key '\(name)' \(place); known keys: \(allowed.joined(separator: ", "))")
      }
      if schema[name] != nil, level.isEmpty { try checkKeys(value, level: name, path: path) }
    }
  }

  static func keyPath(_ path: [any CodingKey]) -> String {
    path.map { $0.stringValue }.joined(separator: ".")
  }

  static func describe(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type, is UInt64.Type: "a whole number"
    case is Double.Type: "a number"
    case is String.Type: "text"
    case is [String].Type: "a list of names"
    default: "of type \(type)"
    }
  }
}

extension Scenario.Fleet {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case pods, profile, muPerMinute = "mu_per_minute", routers, reportIntervalS = "report_interval_s"
    case reportDelayS = "report_delay_s", podMode = "pod_mode", predictor, arrivals, maxWaiting = "max_waiting", scheduler
    case routerProfile = "router_profile", routerScale = "router_scale"
  }
}

extension Scenario.Sharding {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case shardKey = "shard_key", subsetSize = "subset_size", spill, spillFactor = "spill_factor"
    case imbalanceTolerance = "imbalance_tolerance", loadBalancingIntervalS = "load_balancing_interval_s"
    case propagationDelayS = "propagation_delay_s"
  }
}

extension Scenario.Routing {
  enum CodingKeys: String, CodingKey, CaseIterable {
    case boundedLoadFactor = "bounded_load_factor", virtualNodesPerPod = "virtual_nodes_per_pod"
    case sglangCacheThreshold = "sglang_cache_threshold", sglangBalanceAbsThreshold = "sglang_balance_abs_threshold"
    case sglangBalanceRelThreshold = "sglang_balance_rel_threshold", dynamoPrefillLoadScale = "dynamo_prefill_load_scale"
    case llmdPrefixWeight = "llmd_prefix_weight", llmdQueueWeight = "llmd_queue_weight"
    case llmdKvUtilizationWeight = "llmd_kv_utilization_weight", muFloor = "mu_floor"
    case muPrefillWeight = "mu_prefill_weight"
  }
}

/// A scenario file that cannot be used: the file, what is wrong and what to do.
public struct ScenarioError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var message: String
  public var description: String { "\(path): \(message)" }
}
