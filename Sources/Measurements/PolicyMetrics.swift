import SimCore
import Workload

/// Everything one replay of one policy measured; the reports are pure functions of it.
public struct PolicyMetrics: Sendable {
  /// The policy's name as given on the command line (e.g. `mu-least`).
  public var policy: String
  /// Requests read from the log and offered to the router.
  public var offered = 0
  public var completed = 0
  public var rejected = 0
  /// Requests that left their preferred pods (spill-over), by reason.
  public var spilledByReason: [SpillReason: Int] = [:]
  /// Spills per window (the windows of `pods`), for the spill timeline.
  public var spillsPerWindow: [Int] { pods.spills }
  /// Requests held at the router before being routed (spill policy `queue`).
  public var held = 0
  /// Requests refused by a pod because prompt plus output can never fit in its KV memory
  /// (counted in `rejected` too).
  public var oversized = 0
  /// Requests lost because their pod failed and not re-routed.
  public var lost = 0
  /// Requests of an unmeasured warm-up (`--warmup`) lost the same way: kept out of `lost` and
  /// every other metric of the window, but counted so that none disappears silently.
  public var warmupLost = 0
  /// Requests refused on arrival because the simulator already held `--max-waiting` requests
  /// (counted in `rejected` too).
  public var rejectedOverload = 0
  /// Most requests the simulator held at once (on pods, held at routers, queued by admission).
  public var peakInSimulator = 0

  public var ttft = LatencyRecorder()
  public var tpot = LatencyRecorder()
  public var e2e = LatencyRecorder()
  public var queueing = LatencyRecorder()

  public var inputTokens = 0
  public var cachedTokens = 0
  public var outputTokens = 0
  /// Model units of completed requests, by actual cost.
  public var completedMU: Double = 0
  /// `completedMU` per pod, indexed by pod id (for load shares against production's).
  public var completedMUByPod: [Double] = []
  public var preemptions = 0

  /// Completed requests that had spilled out of their preferred pods, and their prompt and
  /// cached tokens: the cache hit lost to spills is measured against the others' hit rate.
  public var spilledCompleted = 0
  public var spilledInputTokens = 0
  public var spilledCachedTokens = 0
  /// Completed requests whose key's previous request ran on another pod (a warm-to-cold move:
  /// spill, reassignment, a failed or new pod, or the router's own choice), and their tokens.
  public var movedCompleted = 0
  public var movedInputTokens = 0
  public var movedCachedTokens = 0
  /// Completed requests that ran where their key's previous request ran, and their tokens.
  public var stayedCompleted = 0
  public var stayedInputTokens = 0
  public var stayedCachedTokens = 0
  /// Per-tenant counts, indexed by the replay's tenant id (0 is "no tenant").
  public var tenants: [TenantMetrics] = []
  /// The first `spillRecordLimit` spill decisions in detail; `spilled` counts them all.
  public var spillRecords: [SpillRecord] = []
  public static let spillRecordLimit = 100_000
  /// Per pod, the sampled keys, load and tenants it served (every policy).
  public var servedBlastRadius: [ShardingMetrics.PodBlast] = []
  /// Present for policies that route by the sharder's subsets.
  public var sharding: ShardingMetrics?
  /// Present when the replay admitted requests by MU/min contracts.
  public var admission: AdmissionMetrics?
  /// Fleet events, re-routes, autoscaling and pod-minutes.
  public var fleet = FleetMetrics()

  /// Per-pod, per-window load and cache series.
  public var pods: PodWindowSeries
  /// Simulated time from the first arrival to the last completion.
  public var simulatedDuration: SimDuration = .zero
  /// The first and the last measured arrival: the span the traffic covers. Windows after the
  /// last arrival only drain the fleet, and imbalance leaves them out (nil before any arrival).
  public private(set) var firstArrival: SimInstant?
  public private(set) var lastArrival: SimInstant?
  /// MU one pod delivers per minute, for overload detection (nil: not known, no detection).
  public var muPerPodMinute: Double?

  /// Offered MU against capacity and the backlog, when the pods' rate is known.
  public var overload: OverloadAnalysis? { muPerPodMinute.map { OverloadAnalysis(self, muPerPodMinute: $0) } }

  public init(policy: String, podCount: Int, window: SimDuration) {
    self.policy = policy
    self.pods = PodWindowSeries(window: window, podCount: podCount)
  }

  /// Prompt tokens that would have hit the cache had spilled requests hit as often as the
  /// others (0 when spills hit as often or more).
  public var cacheTokensLostToSpills: Double {
    let othersInput = inputTokens - spilledInputTokens
    guard othersInput > 0, spilledInputTokens > 0 else { return 0 }
    let othersRate = Double(cachedTokens - spilledCachedTokens) / Double(othersInput)
    let spilledRate = Double(spilledCachedTokens) / Double(spilledInputTokens)
    return max(0, (othersRate - spilledRate) * Double(spilledInputTokens))
  }

  /// Total spilled requests over all reasons.
  public var spilled: Int { spilledByReason.values.reduce(0, +) }

  /// Token-weighted prefix-cache hit rate over completed requests.
  public var cacheHitRate: Double { inputTokens > 0 ? Double(cachedTokens) / Double(inputTokens) : 0 }

  /// Records one measured arrival at `time` offering `mu` (the router's estimate).
  public mutating func recordArrival(at time: SimInstant, mu: Double) {
    if firstArrival == nil { firstArrival = time }
    lastArrival = max(lastArrival ?? time, time)
    pods.recordOffered(mu: mu, at: time)
  }

  /// Records one request that left its preferred pods.
  public mutating func recordSpill(at time: SimInstant, reason: SpillReason) {
    spilledByReason[reason, default: 0] += 1
    pods.recordSpill(at: time)
  }

  /// Records one finished request.
  public mutating func recordCompletion(
    pod: PodID, arrival: SimInstant, firstScheduled: SimInstant, firstToken: SimInstant,
    completion: SimInstant, inputTokens: Int, outputTokens: Int, cachedTokens: Int, mu: Double
  ) {
    completed += 1
    ttft.record(nanoseconds: (firstToken - arrival).nanoseconds)
    e2e.record(nanoseconds: (completion - arrival).nanoseconds)
    queueing.record(nanoseconds: (firstScheduled - arrival).nanoseconds)
    if let perToken = TimePerOutputToken.of(firstToken: firstToken, completion: completion, outputTokens: outputTokens) {
      tpot.record(nanoseconds: perToken.nanoseconds)
    }
    self.inputTokens += inputTokens
    self.cachedTokens += cachedTokens
    self.outputTokens += outputTokens
    completedMU += mu
    if pod.rawValue >= completedMUByPod.count {
      completedMUByPod.append(contentsOf: repeatElement(0, count: pod.rawValue + 1 - completedMUByPod.count))
    }
    completedMUByPod[pod.rawValue] += mu
    pods.recordCompletion(pod: pod, at: completion, inputTokens: inputTokens, cachedTokens: cachedTokens)
  }
}
