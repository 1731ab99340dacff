import DequeModule
import Fleet
import Routing
import SimCore
import Workload

/// The load reporter: pods' load reports on their way to the routers, and each router's view of
/// the fleet. A report is taken every report interval and reaches the routers `reportDelay`
/// later; in between, each router knows only what it sent itself since the report was taken
/// (docs/simulation.md, "Load reports"). The requests the pods took since the previous report
/// travel with the batch to the sharder's load watcher.
struct LoadReporter {
  let reportDelay: SimDuration
  let capacityMU: Double
  /// Each router's view of each pod, as its routing policy reads it.
  private(set) var views: [[PodLoad]]
  /// MU each router has ever sent to each pod; differences give "sent since the report".
  private var routedMUTotal: [[Double]]
  /// Batches taken and not yet delivered, oldest first.
  private var pending = Deque<ReportBatch>()
  /// Requests placed since the last report was taken, for the sharder (bounded by one interval).
  private var unreportedShardLoad: [ShardLoad] = []

  init(pods: Int, routers: Int, capacityMU: Double, reportDelay: SimDuration) {
    self.reportDelay = reportDelay
    self.capacityMU = capacityMU
    views = Array(repeating: (0..<pods).map { PodLoad(id: PodID($0), capacityMU: capacityMU) }, count: routers)
    routedMUTotal = Array(repeating: Array(repeating: 0, count: pods), count: routers)
  }

  // MARK: What the routers send

  /// Router `router` placed a request of `tokens` in-flight tokens and `mu` estimated MU on `pod`;
  /// `shardLoad` is its load for the sharder (nil when no sharder runs).
  mutating func placed(router: Int, pod: Int, tokens: Int, mu: Double, shardLoad: ShardLoad?) {
    if let shardLoad { unreportedShardLoad.append(shardLoad) }
    views[router][pod].activeRequests += 1
    views[router][pod].inflightTokens += tokens
    views[router][pod].routedMUSinceReport += mu
    routedMUTotal[router][pod] += mu
  }

  /// A request of router `router` left `pod` (finished or lost with it).
  mutating func released(router: Int, pod: Int, tokens: Int) {
    views[router][pod].activeRequests -= 1
    views[router][pod].inflightTokens -= tokens
  }

  // MARK: Reports

  /// An empty batch for the reports taken now, carrying the shard load placed since the last one.
  mutating func startBatch(pods: Int) -> ReportBatch {
    var batch = ReportBatch(reported: [], mu: [], waiting: [], kvUtilization: [], routedAtTake: routedMUTotal)
    batch.mu.reserveCapacity(pods)
    swap(&batch.shardLoad, &unreportedShardLoad)
    return batch
  }

  /// Sends a batch taken at `now` toward the routers; it is due (`deliverDue`) at the instant returned.
  mutating func send(_ batch: ReportBatch, at now: SimInstant) -> SimInstant {
    pending.append(batch)
    return now + reportDelay
  }

  /// The oldest batch in transit reaches every router: its load replaces theirs, and what each
  /// router sent since the report was taken stays on top of it. Returns the shard load it carried.
  mutating func deliverDue() -> [ShardLoad] {
    guard let batch = pending.popFirst() else { return [] }
    for r in views.indices {
      for p in batch.mu.indices where p < views[r].count && batch.reported[p] {
        views[r][p].reportedMU = batch.mu[p]
        views[r][p].reportedWaiting = batch.waiting[p]
        views[r][p].kvUtilization = batch.kvUtilization[p]
        views[r][p].routedMUSinceReport = routedMUTotal[r][p] - batch.routedAtTake[r][p]
      }
    }
    return batch.shardLoad
  }

  /// Shard load the sharder has not heard of (in transit or not yet reported), handed over once
  /// at the end of the replay.
  mutating func drainUndeliveredShardLoad() -> [ShardLoad] {
    let loads = pending.flatMap(\.shardLoad) + unreportedShardLoad
    unreportedShardLoad.removeAll()
    return loads
  }

  // MARK: Fleet changes

  /// Router `router` found `pod` unreachable (its breaker opened).
  mutating func markUnroutable(_ pod: Int, router: Int) {
    views[router][pod].isRoutable = false
  }

  /// Every router starts or stops routing to `pod`.
  mutating func setRoutable(_ pod: Int, _ routable: Bool) {
    for r in views.indices { views[r][pod].isRoutable = routable }
  }

  /// `pod` registered with the routers: routable at once, with nothing reported yet.
  mutating func joined(_ pod: Int) {
    for r in views.indices {
      views[r][pod].isRoutable = true
      views[r][pod].reportedMU = 0
      views[r][pod].reportedWaiting = 0
      views[r][pod].kvUtilization = 0
    }
  }

  /// A new pod id, not routable until it joins.
  mutating func addPod(_ id: PodID) {
    for r in views.indices {
      views[r].append(PodLoad(id: id, isRoutable: false, capacityMU: capacityMU))
      routedMUTotal[r].append(0)
    }
  }
}

/// Load reports of every pod taken at one instant, on their way to the routers (and the
/// sharder's load watcher).
struct ReportBatch: Sendable {
  /// Whether each pod sent a report: a crashed, departed, absent or cold-starting pod does not,
  /// and the routers keep what they last heard from it.
  var reported: [Bool]
  var mu: [Double]
  var waiting: [Int]
  var kvUtilization: [Double]
  /// Each router's MU ever sent to each pod when the reports were taken.
  var routedAtTake: [[Double]]
  /// Requests the pods took since the previous report, as the sharder learns of them.
  var shardLoad: [ShardLoad] = []
}

/// One placed request's estimated MU, on its way to the sharder's load measurement.
struct ShardLoad: Sendable {
  var key: UInt64
  var tenant: Int
  var mu: Double
}
