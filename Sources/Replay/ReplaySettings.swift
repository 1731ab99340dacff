import Fleet
import Routing
import Sharding
import SimCore

/// A replay's settings as a user writes them (names, seconds), before they are checked.
///
/// Layers, each overriding the one before: these defaults, then a scenario file
/// (`apply(_:)`), then command-line flags (the CLI assigns the ones given). `configuration`
/// checks the result and builds the `ReplayConfiguration`.
public struct ReplaySettings: Sendable, Equatable {
  public var pods = 8
  public var profile = "llama-3-8b-a100"
  public var muPerMinute = 100.0
  public var routers = 1
  public var seed: UInt64 = 1
  public var reportIntervalSeconds = 1.0
  public var reportDelaySeconds = 0.1
  public var windowSeconds = 60.0
  public var shardKey = "session"
  public var subsetSize = "2"
  public var spill = SpillPolicy.global.name
  public var spillFactor = 1.25
  public var podMode = PodSimulationMode.eventDriven.name
  /// `tenant-mean` (production's output-length predictor) or `oracle` (the log's true lengths).
  public var predictor = OutputPredictorKind.tenantMean.name
  /// `logged` (every request at its logged time) or `closed-loop` (per session, after the answer).
  public var arrivals = ArrivalMode.logged.name
  /// `chunked` or `prefill-first`; nil keeps the profile's own (`scheduler` key, default chunked).
  public var scheduler: String?
  /// The profile the routers believe (a built-in name or a JSON file); nil: the pods' own.
  public var routerProfile: String?
  /// Factors on the coefficients the routers believe: `X` (all) or `prefill=X,decode=Y`; nil: 1.
  public var routerScale: String?
  public var policies = ["p2c", "mu-least", "mu-subset"]
  public var baseline: String?
  /// Policy tunables other than the spill settings above (a scenario's `routing:`).
  public var routing = RoutingParameters()
  public var imbalanceTolerance: Double?
  public var loadBalancingIntervalSeconds: Double?
  public var propagationDelaySeconds: Double?
  public var contracts: Contracts?
  /// `auto` (the mean shape of the log's first requests) or `IN:OUT`: the request shape a pod's
  /// MU capacity is expressed in.
  public var capacityReference = "auto"
  /// Most requests the simulator holds at once before refusing arrivals (`rejected_overload`).
  public var maxWaiting = ReplayConfiguration.defaultMaxWaiting

  /// Whether the replay measures the capacity reference from the log.
  public var calibratesCapacity: Bool { capacityReference == "auto" }

  public init() {}

  /// Takes every setting `scenario` gives.
  public mutating func apply(_ scenario: Scenario) {
    if let fleet = scenario.fleet {
      pods = fleet.pods ?? pods
      profile = fleet.profile ?? profile
      muPerMinute = fleet.muPerMinute ?? muPerMinute
      routers = fleet.routers ?? routers
      reportIntervalSeconds = fleet.reportIntervalS ?? reportIntervalSeconds
      reportDelaySeconds = fleet.reportDelayS ?? reportDelaySeconds
      podMode = fleet.podMode ?? podMode
      predictor = fleet.predictor ?? predictor
      arrivals = fleet.arrivals ?? arrivals
      maxWaiting = fleet.maxWaiting ?? maxWaiting
      scheduler = fleet.scheduler ?? scheduler
      routerProfile = fleet.routerProfile ?? routerProfile
      routerScale = fleet.routerScale ?? routerScale
    }
    if let sharding = scenario.sharding {
      shardKey = sharding.shardKey ?? shardKey
      subsetSize = sharding.subsetSize ?? subsetSize
      spill = sharding.spill ?? spill
      spillFactor = sharding.spillFactor ?? spillFactor
      imbalanceTolerance = sharding.imbalanceTolerance ?? imbalanceTolerance
      loadBalancingIntervalSeconds = sharding.loadBalancingIntervalS ?? loadBalancingIntervalSeconds
      propagationDelaySeconds = sharding.propagationDelayS ?? propagationDelaySeconds
    }
    if let r = scenario.routing {
      routing.boundedLoadFactor = r.boundedLoadFactor ?? routing.boundedLoadFactor
      routing.virtualNodesPerPod = r.virtualNodesPerPod ?? routing.virtualNodesPerPod
      routing.sglangCacheThreshold = r.sglangCacheThreshold ?? routing.sglangCacheThreshold
      routing.sglangBalanceAbsThreshold = r.sglangBalanceAbsThreshold ?? routing.sglangBalanceAbsThreshold
      routing.sglangBalanceRelThreshold = r.sglangBalanceRelThreshold ?? routing.sglangBalanceRelThreshold
      routing.dynamoPrefillLoadScale = r.dynamoPrefillLoadScale ?? routing.dynamoPrefillLoadScale
      routing.llmdPrefixWeight = r.llmdPrefixWeight ?? routing.llmdPrefixWeight
      routing.llmdQueueWeight = r.llmdQueueWeight ?? routing.llmdQueueWeight
      routing.llmdKVUtilizationWeight = r.llmdKvUtilizationWeight ?? routing.llmdKVUtilizationWeight
      routing.muFloor = r.muFloor ?? routing.muFloor
      routing.muPrefillWeight = r.muPrefillWeight ?? routing.muPrefillWeight
    }
    policies = scenario.policies ?? policies
    baseline = scenario.baseline ?? baseline
    seed = scenario.seed ?? seed
    windowSeconds = scenario.windowS ?? windowSeconds
    contracts = scenario.contracts ?? contracts
  }

  /// The choice `text` names (ignoring case); the error names the setting (`names`: its flag and
  /// scenario key), the accepted names and the closest one.
  static func choice<Choice: NamedChoice>(_ text: String, _ names: String) throws(ConfigurationError) -> Choice {
    guard let choice = Choice(named: text) else {
      throw ConfigurationError("\(names) '\(text)': \(Choice.unknownNameMessage(text))")
    }
    return choice
  }

  /// `seconds` of a setting as a duration; the error names the setting (`names`: its flag and
  /// scenario key) and the accepted range.
  static func duration(_ seconds: Double, _ names: String) throws(ConfigurationError) -> SimDuration {
    guard let duration = SimDuration.checkedSeconds(seconds) else {
      throw ConfigurationError("\(names) \(seconds): use a number of seconds from 0 to 1e9")
    }
    return duration
  }

  /// The checked configuration; errors name the flag and the scenario key to fix.
  public func configuration(blockSize: Int?) throws(ConfigurationError) -> ReplayConfiguration {
    var profile = try loadProfile()
    if let scheduler {
      guard let chosen = PodScheduler(rawValue: scheduler) else {
        throw ConfigurationError(
          "--scheduler / fleet.scheduler '\(scheduler)': use \(PodScheduler.allCases.map(\.rawValue).joined(separator: " or "))")
      }
      profile.scheduler = chosen
    }
    guard let key = ShardKeySpec(parsing: shardKey) else {
      throw ConfigurationError("--shard-key / sharding.shard_key '\(shardKey)': use session, tenant, tenant+session, prefix or prefix:N")
    }
    let spillPolicy: SpillPolicy = try Self.choice(spill, "--spill / sharding.spill")
    let mode: PodSimulationMode = try Self.choice(podMode, "--pod-mode / fleet.pod_mode")
    let predictorKind: OutputPredictorKind = try Self.choice(predictor, "--predictor / fleet.predictor")
    let arrivalMode: ArrivalMode = try Self.choice(arrivals, "--arrivals / fleet.arrivals")
    let (minReplicas, maxReplicas) = try subsetBounds()
    var routing = routing
    routing.spillPolicy = spillPolicy
    routing.spillFactor = spillFactor
    do { routing = try routing.validated() } catch { throw ConfigurationError(error.description) }
    var sharding = ShardingConfiguration(minReplicas: minReplicas, maxReplicas: maxReplicas)
    sharding.maxLoadHint = muPerMinute / 60
    if let imbalanceTolerance { sharding.imbalanceTolerance = imbalanceTolerance }
    if let loadBalancingIntervalSeconds {
      sharding.loadBalancingInterval = try Self.duration(loadBalancingIntervalSeconds, "sharding.load_balancing_interval_s")
    }
    if let propagationDelaySeconds {
      sharding.propagationDelay = try Self.duration(propagationDelaySeconds, "sharding.propagation_delay_s")
    }
    let reportInterval = try Self.duration(reportIntervalSeconds, "--report-interval / fleet.report_interval_s")
    let reportDelay = try Self.duration(reportDelaySeconds, "--report-delay / fleet.report_delay_s")
    let window = try Self.duration(windowSeconds, "--window / window_s")
    guard reportInterval > .zero, window >= reportInterval else {
      throw ConfigurationError(
        "--report-interval must be positive and --window at least one report interval "
          + "(scenario: fleet.report_interval_s, window_s)")
    }
    var configuration = ReplayConfiguration(
      pods: pods, profile: profile, muPerMinute: muPerMinute, routing: routing, routers: routers, seed: seed,
      reportInterval: reportInterval, reportDelay: reportDelay,
      window: window, shardKey: key, defaultBlockSize: blockSize, podMode: mode, sharding: sharding)
    configuration.contracts = contracts
    configuration.predictor = predictorKind
    configuration.arrivals = arrivalMode
    configuration.maxWaiting = maxWaiting
    configuration.routerProfile = try believedProfile(pods: profile)
    if !calibratesCapacity {
      guard let shape = RequestShape(parsing: capacityReference) else {
        throw ConfigurationError(
          "--capacity-reference '\(capacityReference)': use auto, or IN:OUT, the prompt and output tokens of a typical request")
      }
      configuration.capacityReference = shape
    }
    try configuration.validate()
    return configuration
  }

  /// `N` or `MIN:MAX` with 1 <= MIN <= MAX.
  func subsetBounds() throws(ConfigurationError) -> (Int, Int) {
    let parts = subsetSize.split(separator: ":").map { Int($0) }
    guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil, low >= 1, high >= low
    else {
      throw ConfigurationError("--subset-size / sharding.subset_size '\(subsetSize)': use N or MIN:MAX with 1 <= MIN <= MAX")
    }
    return (low, high)
  }

  /// What `--router-profile` and `--router-scale` make the routers believe; nil when neither is given.
  func believedProfile(pods: CostProfile) throws(ConfigurationError) -> CostProfile? {
    guard routerProfile != nil || routerScale != nil else { return nil }
    var believed = pods
    if let routerProfile {
      var named = self
      named.profile = routerProfile
      do { believed = try named.loadProfile() } catch {
        throw ConfigurationError(error.description.replacingOccurrences(of: "--profile / fleet.profile", with: "--router-profile / fleet.router_profile"))
      }
    }
    if let routerScale {
      guard let (prefill, decode) = Self.parseRouterScale(routerScale) else {
        throw ConfigurationError(
          "--router-scale / fleet.router_scale '\(routerScale)': use a factor X, or prefill=X,decode=Y, each from 0.01 to 100")
      }
      believed = believed.scaled(prefill: prefill, decode: decode)
      if let (field, reason) = believed.firstInvalidField() {
        throw ConfigurationError("--router-scale / fleet.router_scale \(routerScale): the believed profile's \(field) \(reason)")
      }
    }
    return believed
  }

  /// `X` or `prefill=X,decode=Y` (either part may be left out, meaning 1), factors in [0.01, 100].
  public static func parseRouterScale(_ text: String) -> (prefill: Double, decode: Double)? {
    func factor(_ s: Substring) -> Double? {
      guard let value = Double(s), value.isFinite, value >= 0.01, value <= 100 else { return nil }
      return value
    }
    if let all = factor(Substring(text)) { return (all, all) }
    var result = (prefill: 1.0, decode: 1.0)
    var seen = Set<Substring>()
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, let value = factor(pair[1]), seen.insert(pair[0]).inserted else { return nil }
      switch pair[0] {
      case "prefill": result.prefill = value
      case "decode": result.decode = value
      default: return nil
      }
    }
    return result
  }

  /// The profile `profile` names: a built-in one, or a JSON file.
  public func loadProfile() throws(ConfigurationError) -> CostProfile {
    if let builtIn = CostProfile.builtIn(named: profile) { return builtIn }
    guard profile.hasSuffix(".json") || profile.contains("/") else {
      throw ConfigurationError(
        "--profile / fleet.profile '\(profile)': not a built-in profile (\(CostProfile.builtIn.map(\.name).joined(separator: ", "))) nor a JSON file path")
    }
    do { return try CostProfile.load(from: profile) } catch { throw ConfigurationError("\(error)") }
  }
}
