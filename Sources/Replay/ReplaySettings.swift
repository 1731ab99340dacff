import Fleet
import Routing
import Sharding
import SimCore

/// A replay's settings in the user's units (seconds, profile names), each value already of its
/// type (a flag and a scenario key read it through `SettingText`), before they are checked together.
///
/// Layers, each overriding the one before: these defaults (the one place they are declared;
/// the help shows them), then a scenario file (`apply(_:)`), then command-line flags (the CLI
/// assigns the ones given). `configuration` checks the result and builds the `ReplayConfiguration`.
public struct ReplaySettings: Sendable, Equatable {
  public var pods = 8
  public var profile = "llama-3-8b-a100"
  public var muPerMinute = 100.0
  public var routers = 1
  public var seed: UInt64 = 1
  public var reportIntervalSeconds = 1.0
  public var reportDelaySeconds = 0.1
  public var windowSeconds = 60.0
  public var shardKey = ShardKeySpec.session
  public var subsetSize = SubsetSize(min: 2, max: 2)
  public var spill = SpillPolicy.global
  public var spillFactor = 1.25
  public var podMode = PodSimulationMode.eventDriven
  /// Production's output-length predictor, or the log's true lengths (a what-if).
  public var predictor = OutputPredictorKind.tenantMean
  /// Every request at its logged time, or per session after the replayed answer.
  public var arrivals = ArrivalMode.logged
  /// Nil keeps the profile's own (its `scheduler` key, default chunked).
  public var scheduler: PodScheduler?
  /// The profile the routers believe (a built-in name or a JSON file); nil: the pods' own.
  public var routerProfile: String?
  /// Factors on the coefficients the routers believe; nil: 1.
  public var routerScale: RouterScale?
  public var policies: [RoutingPolicyKind] = [.p2c, .muLeast, .muSubset]
  public var baseline: RoutingPolicyKind?
  /// Policy tunables other than the spill settings above (a scenario's `routing:`).
  public var routing = RoutingParameters()
  public var imbalanceTolerance: Double?
  public var loadBalancingIntervalSeconds: Double?
  public var propagationDelaySeconds: Double?
  public var contracts: Contracts?
  /// The request shape a pod's MU capacity is expressed in.
  public var capacityReference = CapacityReference.auto
  /// Most requests the simulator holds at once before refusing arrivals (`rejected_overload`).
  public var maxWaiting = ReplayConfiguration.defaultMaxWaiting

  /// Whether the replay measures the capacity reference from the log.
  public var calibratesCapacity: Bool { capacityReference == .auto }

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
      podMode = fleet.podMode?.value ?? podMode
      predictor = fleet.predictor?.value ?? predictor
      arrivals = fleet.arrivals?.value ?? arrivals
      maxWaiting = fleet.maxWaiting ?? maxWaiting
      scheduler = fleet.scheduler?.value ?? scheduler
      routerProfile = fleet.routerProfile ?? routerProfile
      routerScale = fleet.routerScale?.value ?? routerScale
    }
    if let sharding = scenario.sharding {
      shardKey = sharding.shardKey?.value ?? shardKey
      subsetSize = sharding.subsetSize?.value ?? subsetSize
      spill = sharding.spill?.value ?? spill
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
    policies = scenario.policies?.map(\.value) ?? policies
    baseline = scenario.baseline?.value ?? baseline
    seed = scenario.seed ?? seed
    windowSeconds = scenario.windowS ?? windowSeconds
    contracts = scenario.contracts ?? contracts
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
    if let scheduler { profile.scheduler = scheduler }
    var routing = routing
    routing.spillPolicy = spill
    routing.spillFactor = spillFactor
    do { routing = try routing.validated() } catch { throw ConfigurationError(error.description) }
    var sharding = ShardingConfiguration(minReplicas: subsetSize.min, maxReplicas: subsetSize.max)
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
      window: window, shardKey: shardKey, defaultBlockSize: blockSize, podMode: podMode, sharding: sharding)
    configuration.contracts = contracts
    configuration.predictor = predictor
    configuration.arrivals = arrivals
    configuration.maxWaiting = maxWaiting
    configuration.routerProfile = try believedProfile(pods: profile)
    if case .shape(let shape) = capacityReference { configuration.capacityReference = shape }
    try configuration.validate()
    return configuration
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
      believed = believed.scaled(prefill: routerScale.prefill, decode: routerScale.decode)
      if let (field, reason) = believed.firstInvalidField() {
        throw ConfigurationError("--router-scale / fleet.router_scale \(routerScale): the believed profile's \(field) \(reason)")
      }
    }
    return believed
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
