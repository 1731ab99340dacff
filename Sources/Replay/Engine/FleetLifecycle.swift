import SimCore
import Workload

/// Where a pod is in its life, as the replay tracks it.
enum PodStatus: Sendable, Equatable {
  /// Serving and routable.
  case live
  /// Ordered by the autoscaler, in cold start: not routable yet.
  case starting
  /// Crashed (`pod_down`): lost its requests and cache; routers and sharder learn after a delay.
  case down
  /// Terminating: takes no new requests, finishes what it has, then leaves.
  case draining
  /// Drained and gone.
  case left
  /// An id that no pod has had yet (a `pod_up` of a higher id created the ids below it).
  case absent

  /// Pods that cost money: ordered, serving or draining.
  var isProvisioned: Bool { self == .live || self == .starting || self == .draining }
  /// Pods whose load is sampled into the report: the others are not in the fleet, and counting
  /// their zero load would dilute the fleet mean the imbalance is measured against.
  var isReporting: Bool { self == .live || self == .draining }
}

/// Engine events of the fleet's lifecycle (fault injection and autoscaling).
enum FleetControl: Sendable {
  /// Apply the `index`-th event of the configuration.
  case apply(Int)
  /// Routers stop routing to a crashed pod: its load report did not come (detection delay).
  case routersLearnDown(pod: Int, incarnation: Int)
  /// The sharder's health watcher declares a crashed pod unhealthy (`unhealthyTimeout`).
  case sharderLearnsDown(pod: Int, incarnation: Int)
  /// An autoscaled pod finished its cold start.
  case podReady(pod: Int, incarnation: Int)
}

/// The replay's per-pod lifecycle state, arrays indexed by pod id.
struct FleetLifecycle: Sendable {
  var status: [PodStatus] = []
  /// Bumped on every crash and (re)start, so delayed detection events for an older life are ignored.
  var incarnation: [Int] = []
  /// Whether the sharder currently counts the pod as a healthy resource.
  var sharderHealthy: [Bool] = []
  /// When the pod joined the fleet after the start (pod_up or scale-up), for cache warm-up.
  var joinedAt: [SimInstant?] = []
  /// The sharder generates nothing before this instant (`sharder_outage`).
  var sharderOutageUntil = SimInstant.zero
  /// The arrival pending in the run loop, for skipping idle report ticks.
  var nextArrival: SimInstant?
  var autoscaler: Autoscaler?
  /// Report ticks scheduled (skipped idle ticks are not counted).
  var reportTicks = 0

  init() {}

  init(pods: Int, autoscaler: AutoscalerSettings?) {
    status = Array(repeating: .live, count: pods)
    incarnation = Array(repeating: 0, count: pods)
    sharderHealthy = Array(repeating: true, count: pods)
    joinedAt = Array(repeating: nil, count: pods)
    self.autoscaler = autoscaler.map(Autoscaler.init)
  }

  /// Adds a pod id in `initial` status.
  mutating func append(_ initial: PodStatus) {
    status.append(initial)
    incarnation.append(0)
    sharderHealthy.append(false)
    joinedAt.append(nil)
  }

  /// Whether a request may be placed on pod `index`.
  @inline(__always) func accepts(_ index: Int) -> Bool { index >= 0 && index < status.count && status[index] == .live }

  /// Pods the sharder assigns slices to, in id order.
  var sharderHealthyPods: [PodID] {
    sharderHealthy.indices.filter { sharderHealthy[$0] }.map(PodID.init)
  }

  /// Pods provisioned (starting, live or draining): what a fleet costs.
  var provisioned: Int { status.count { $0.isProvisioned } }

  /// Pods the autoscaler counts: starting or live (draining ones are already leaving).
  var scalable: Int { status.count { $0 == .live || $0 == .starting } }
}
