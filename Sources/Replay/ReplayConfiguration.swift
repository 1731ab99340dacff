import Fleet
import Routing
import Sharding
import SimCore

/// Everything that fixes a replay besides the log and the policy: validated, value-typed, Sendable.
public struct ReplayConfiguration: Sendable {
  /// Pods in the fleet at the start.
  public var pods: Int
  /// Cost profile of every pod (iteration timing, KV capacity, batching limits).
  public var profile: CostProfile
  /// Model units one pod delivers per minute (C_MU).
  public var muPerMinute: Double
  /// Tunables of the routing policies.
  public var routing: RoutingParameters
  /// Router replicas, each with its own view of pod load.
  public var routers: Int
  /// Seed of every random stream in the run.
  public var seed: UInt64
  /// How often pods report their in-flight MU.
  public var reportInterval: SimDuration
  /// How long a report takes to reach the routers.
  public var reportDelay: SimDuration
  /// Length of the windows the reports aggregate over.
  public var window: SimDuration
  /// What decides a request's pod subset.
  public var shardKey: ShardKeySpec
  /// Tokens per prefix block for logs that do not say.
  public var defaultBlockSize: Int?
  /// Event-driven pods (fast) or stepping every iteration (the reference).
  public var podMode: PodSimulationMode
  /// Auto-sharder settings (subset size bounds, tolerance, intervals) for subset policies.
  public var sharding: ShardingConfiguration
  /// Extra assignment lag of each further router replica (router r lags `propagationDelay + r * step`).
  public var routerLagStep: SimDuration
  /// Longest a request may be held at a router (spill policy `queue`) before it is rejected.
  public var maxHold: SimDuration
  /// How often a held request is offered to the router again.
  public var holdRetry: SimDuration
  /// MU/min contracts to admit requests by; nil admits everything (docs/contracts.md).
  public var contracts: Contracts? = nil
  /// Log timestamp (the log's own clock, ns) from which requests are measured; earlier arrivals
  /// warm the fleet up but are left out of every metric. Nil measures from the first record.
  public var measuredFrom: Int64? = nil
  /// Fleet events applied during the replay (`--events`), in time order.
  public var events: [FleetEvent] = []
  /// The MU autoscaler's settings (`--autoscale`); nil keeps the fleet as the events leave it.
  public var autoscaler: AutoscalerSettings?
  /// The request shape a pod's in-flight MU capacity is expressed in (`C_rep`): spill-over above
  /// capacity, the heatmaps' scale and the autoscaler's utilisation all use it.
  public var capacityReference = RequestShape.standard
  /// How output lengths are predicted at admission (`--predictor`): production's tenant mean,
  /// or the log's true lengths as a labelled what-if.
  public var predictor = OutputPredictorKind.tenantMean
  /// When requests are sent (`--arrivals`): at their logged times, or closed loop per session.
  public var arrivals = ArrivalMode.logged
  /// Most requests the simulator holds at once (`--max-waiting`): on pods, held at routers or
  /// queued by admission. Arrivals beyond it are refused as `rejected_overload`, which bounds
  /// memory under any burst (a few hundred bytes per request held).
  public var maxWaiting = ReplayConfiguration.defaultMaxWaiting
  /// The default ceiling: a burst fills it in about 65 MB per policy (README, "Memory"), so
  /// even a dozen policies side by side stay within about 1 GB.
  public static let defaultMaxWaiting = 250_000

  /// The profile the routers' MU model believes when it is not the pods' own
  /// (`--router-profile`, `--router-scale`): the pods still run `profile`.
  public var routerProfile: CostProfile? = nil

  /// The cost model the routing stack prices requests and pod capacity with: MU per request
  /// and per pod, from `routerProfile` when given.
  public var costModel: MUCostModel {
    MUCostModel(profile: routerProfile ?? profile, muPerMinute: muPerMinute, capacityReference: capacityReference)
  }

  /// The pods' own cost model when the routers believe another profile, nil when they agree:
  /// the report measures load, imbalance and hotspots in it, so that what a mis-priced router
  /// does to the pods shows in true work rather than in the units it believes.
  public var workCostModel: MUCostModel? {
    routerProfile == nil ? nil : MUCostModel(profile: profile, muPerMinute: muPerMinute, capacityReference: capacityReference)
  }

  public init(
    pods: Int = 8, profile: CostProfile, muPerMinute: Double = 100,
    routing: RoutingParameters = RoutingParameters(), routers: Int = 1, seed: UInt64 = 1,
    reportInterval: SimDuration = .seconds(1), reportDelay: SimDuration = .milliseconds(100),
    window: SimDuration = .seconds(60), shardKey: ShardKeySpec = .session, defaultBlockSize: Int? = nil,
    podMode: PodSimulationMode = .eventDriven, sharding: ShardingConfiguration = ShardingConfiguration(),
    routerLagStep: SimDuration = .milliseconds(250), maxHold: SimDuration = .seconds(2),
    holdRetry: SimDuration = .milliseconds(50)
  ) {
    self.pods = pods
    self.profile = profile
    self.muPerMinute = muPerMinute
    self.routing = routing
    self.routers = routers
    self.seed = seed
    self.reportInterval = reportInterval
    self.reportDelay = reportDelay
    self.window = window
    self.shardKey = shardKey
    self.defaultBlockSize = defaultBlockSize
    self.podMode = podMode
    self.sharding = sharding
    self.routerLagStep = routerLagStep
    self.maxHold = maxHold
    self.holdRetry = holdRetry
  }

  /// Checks ranges a user can get wrong; the message names the setting and the fix.
  public func validate() throws(ConfigurationError) {
    guard pods >= 1 && pods <= 100_000 else {
      throw ConfigurationError("pods must be between 1 and 100000 (got \(pods))")
    }
    guard routers >= 1 && routers <= 1_024 else {
      throw ConfigurationError("routers must be between 1 and 1024 (got \(routers))")
    }
    guard muPerMinute > 0 && muPerMinute.isFinite else {
      throw ConfigurationError("MU per minute must be a positive number (got \(muPerMinute))")
    }
    guard reportInterval.nanoseconds > 0 else {
      throw ConfigurationError("the report interval must be positive")
    }
    guard reportDelay.nanoseconds >= 0 else {
      throw ConfigurationError("the report delay cannot be negative")
    }
    guard window.nanoseconds >= reportInterval.nanoseconds else {
      throw ConfigurationError("the window must be at least one report interval long")
    }
    if let size = defaultBlockSize, size <= 0 {
      throw ConfigurationError("the block size must be a positive number of tokens (got \(size))")
    }
    guard maxWaiting >= 1 else {
      throw ConfigurationError(
        "--max-waiting / fleet.max_waiting must be a positive number of requests (got \(maxWaiting)); "
          + "there is no unlimited setting, give a large number to raise the ceiling")
    }
    try autoscaler?.validate(startingPods: pods)
  }
}

/// A setting that cannot work, with what to change.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
