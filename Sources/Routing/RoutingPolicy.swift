import SimCore
import Workload

/// A request as a router sees it at admission: sizes, the admission cost estimate and its keys.
public struct RouteRequest: Sendable {
  /// Position of the request in the log (0-based); unique within a replay.
  public var sequence: Int
  public var arrival: SimInstant
  public var inputTokens: Int
  /// Output length predicted at admission (tenant's recent mean, capped by `max_tokens`).
  public var predictedOutputTokens: Int
  /// Model units predicted at admission, assuming no cache hit.
  public var estimatedMU: Double
  /// The prefill's share of `estimatedMU`: what a pod holding none of the prompt would spend
  /// on it. A pod that holds a share of the prompt's blocks is spared about that share.
  public var prefillMU: Double
  /// Prefix-block ids, chained so that equal ids mean equal prefixes, in prompt order.
  public var prefixBlocks: [UInt64]
  /// Tokens per prefix block (0 when the request has no blocks).
  public var blockSize: Int
  /// 64-bit hash of the request's shard key (session, tenant, or leading prefix blocks).
  public var shardKey: UInt64
  /// Small integer for the tenant, stable within a replay (0 when the log has no tenants).
  public var tenant: Int
  /// Hash used to spread requests over router replicas and to seed per-request choices.
  public var requestHash: UInt64

  public init(
    sequence: Int, arrival: SimInstant, inputTokens: Int, predictedOutputTokens: Int,
    estimatedMU: Double, prefillMU: Double = 0, prefixBlocks: [UInt64] = [], blockSize: Int = 0, shardKey: UInt64 = 0,
    tenant: Int = 0, requestHash: UInt64 = 0
  ) {
    self.sequence = sequence
    self.arrival = arrival
    self.inputTokens = inputTokens
    self.predictedOutputTokens = predictedOutputTokens
    self.estimatedMU = estimatedMU
    self.prefillMU = prefillMU
    self.prefixBlocks = prefixBlocks
    self.blockSize = blockSize
    self.shardKey = shardKey
    self.tenant = tenant
    self.requestHash = requestHash
  }
}

/// What one router knows about one pod when it decides: the pod's last load report (which
/// arrives late) plus the router's own accounting of what it sent since.
public struct PodLoad: Sendable, Equatable {
  public var id: PodID
  /// False for pods that are down, draining or not yet ready: never route to them.
  public var isRoutable: Bool
  /// In-flight MU in the pod's last report that reached this router.
  public var reportedMU: Double
  /// MU this router has routed to the pod since that report was taken.
  public var routedMUSinceReport: Double
  /// Requests this router has in flight on the pod (routed and not completed).
  public var activeRequests: Int
  /// Prefill plus decode tokens still to be processed for this router's in-flight requests there.
  public var inflightTokens: Int
  /// Requests waiting in the pod's queue, as of the last report.
  public var reportedWaiting: Int
  /// Share of KV blocks in use, as of the last report (0...1).
  public var kvUtilization: Double
  /// In-flight MU at which the pod is saturated.
  public var capacityMU: Double

  public init(
    id: PodID, isRoutable: Bool = true, reportedMU: Double = 0, routedMUSinceReport: Double = 0,
    activeRequests: Int = 0, inflightTokens: Int = 0, reportedWaiting: Int = 0,
    kvUtilization: Double = 0, capacityMU: Double = 1
  ) {
    self.id = id
    self.isRoutable = isRoutable
    self.reportedMU = reportedMU
    self.routedMUSinceReport = routedMUSinceReport
    self.activeRequests = activeRequests
    self.inflightTokens = inflightTokens
    self.reportedWaiting = reportedWaiting
    self.kvUtilization = kvUtilization
    self.capacityMU = capacityMU
  }

  /// The MU load a router believes the pod carries.
  @inlinable public var believedMU: Double { reportedMU + routedMUSinceReport }
}

/// A router's answer for one request.
public enum RoutingDecision: Sendable, Equatable {
  /// Send to this pod.
  case pod(PodID)
  /// Send to this pod, which lies outside the request's preferred set.
  case spill(PodID, SpillReason)
  /// Keep the request at the router and ask again later (bounded by the caller).
  case hold(SpillReason)
  /// Refuse the request.
  case reject(SpillReason)
}

/// A routing policy: picks a pod for each request from the router's view of the fleet.
///
/// Policies are value types owned by one router replica; state (rings, prefix trees, counters)
/// lives inside them. `fleet` is indexed by `PodID.rawValue`. Ties go to the lowest pod id.
public protocol RoutingPolicy: Sendable {
  /// Chooses where `request` goes. `random` is this router's seeded stream.
  mutating func route(
    _ request: RouteRequest, fleet: [PodLoad], random: inout SplitMix64
  ) -> RoutingDecision

  /// Tells the policy that a request it routed has finished on `pod`. The replay hands the
  /// request back without its `prefixBlocks` (empty): it does not keep them while the request runs.
  mutating func completed(_ request: RouteRequest, on pod: PodID)

  /// Hands the policy the router's newest key-to-subset assignment (ignored by policies that
  /// do not route by subsets).
  mutating func adopt(_ subsets: any KeySubsets)
}

extension RoutingPolicy {
  /// Default: the policy keeps no per-request state to release.
  public mutating func completed(_ request: RouteRequest, on pod: PodID) {}
  /// Default: the policy does not route by key subsets.
  public mutating func adopt(_ subsets: any KeySubsets) {}
}
