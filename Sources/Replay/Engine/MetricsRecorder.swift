import Fleet
import Measurements
import Routing
import SimCore
import Workload

/// What a replay measures, and the one place that decides which requests count: those that
/// arrived at or after `measuredFrom` (a post-incident window warms the fleet up before it).
/// The engine reports every event here unconditionally; each method applies the window rule by
/// the request's arrival (a pod's load sample, which belongs to no request, by its own time).
struct MetricsRecorder {
  var metrics: PolicyMetrics
  var tenantMetrics: [TenantMetrics] = [TenantMetrics(name: "")]
  /// Which pods served each key, over the measured window.
  var keyPodUsage = KeyPodUsage()
  /// Requests arriving before this warm the fleet up but are not measured.
  private(set) var measuredFrom = SimInstant.zero

  init(metrics: PolicyMetrics) {
    self.metrics = metrics
  }

  /// The window rule: whether a request arriving at `arrival` is measured.
  func isMeasured(_ arrival: SimInstant) -> Bool { arrival >= measuredFrom }

  /// Fixes the instant from which requests are measured, once the first record sets the clock's
  /// origin (`measuredFrom` is on the log's clock); the pod windows start there too.
  mutating func startMeasuring(origin: Int64, from: Int64?) {
    guard let from, from > origin else { return }
    measuredFrom = SimInstant(nanoseconds: from - origin)
    metrics.pods.origin = measuredFrom
  }

  /// A request of `tenant` was offered at `now` (before any admission decision).
  mutating func offered(tenant: Int, at now: SimInstant) {
    if tenant >= tenantMetrics.count {
      tenantMetrics.append(contentsOf: (tenantMetrics.count...tenant).map { _ in TenantMetrics(name: "") })
    }
    guard isMeasured(now) else { return }
    metrics.offered += 1
    tenantMetrics[tenant].offered += 1
  }

  /// The request's shard key fell back to a coarser field.
  mutating func keyFellBack(arrival: SimInstant) {
    guard isMeasured(arrival) else { return }
    metrics.sharding?.keyFallbacks += 1
  }

  /// A request passed the ceiling and was costed.
  mutating func arrived(_ route: RouteRequest) {
    guard isMeasured(route.arrival) else { return }
    metrics.recordArrival(at: route.arrival, mu: route.estimatedMU)
  }

  /// Refused by the `maxWaiting` ceiling.
  mutating func rejectedOverload(tenant: Int, arrival: SimInstant) {
    guard isMeasured(arrival) else { return }
    metrics.rejected += 1
    metrics.rejectedOverload += 1
    tenantMetrics[tenant].rejected += 1
  }

  /// Refused by a router, a pod's KV memory, or admission, or held past the maximum hold.
  mutating func rejected(_ route: RouteRequest) {
    guard isMeasured(route.arrival) else { return }
    metrics.rejected += 1
    tenantMetrics[route.tenant].rejected += 1
  }

  /// The spill policy sent a request outside its preferred pods (`pod`), or refused it (nil).
  /// `subset` (the router's preferred pods) is looked up only for a spill record kept.
  mutating func spilled(
    _ route: RouteRequest, tenantName: @autoclosure () -> String, subset: @autoclosure () -> [PodID], pod: PodID?,
    reason: SpillReason, at now: SimInstant
  ) {
    guard isMeasured(route.arrival) else { return }
    metrics.recordSpill(at: now, reason: reason)
    tenantMetrics[route.tenant].spilled += 1
    guard metrics.spillRecords.count < PolicyMetrics.spillRecordLimit else { return }
    metrics.spillRecords.append(
      SpillRecord(
        time: now, key: route.shardKey, tenant: tenantName(), subset: subset(), chosenPod: pod, reason: reason.rawValue))
  }

  /// A router placed a request by an assignment older than the sharder's current one.
  mutating func misdirected(arrival: SimInstant) {
    guard isMeasured(arrival) else { return }
    metrics.sharding?.misdirected += 1
  }

  /// The request's key looked up for `pod`: its placement relative to the key's previous
  /// request (`.untracked` outside the window), and where `placed` records it.
  func keyVisit(_ route: RouteRequest, pod: PodID) -> KeyPodUsage.Visit {
    isMeasured(route.arrival) ? keyPodUsage.visit(key: route.shardKey, pod: pod) : .unmeasured
  }

  /// A pod took the request whose key `visit` looked up.
  mutating func placed(_ route: RouteRequest, pod: PodID, visit: KeyPodUsage.Visit) {
    guard isMeasured(route.arrival) else { return }
    keyPodUsage.record(visit, tenant: route.tenant, pod: pod, load: route.estimatedMU)
  }

  /// Prompt plus `max_tokens` (or the prediction) can never fit in the pod's KV memory.
  mutating func oversized(arrival: SimInstant) {
    guard isMeasured(arrival) else { return }
    metrics.oversized += 1
  }

  /// A router held a request (counted whenever it happens: a hold is an event, not an outcome).
  mutating func held() {
    metrics.held += 1
  }

  /// A serving pod's load when reports were taken.
  mutating func sampled(_ sample: PodLoadSample, pod: PodID, at now: SimInstant) {
    guard isMeasured(now) else { return }
    metrics.pods.recordSample(sample, pod: pod, at: now)
  }

  /// A request finished on `pod` (its output possibly cut short by the pod's KV memory).
  mutating func finished(
    _ route: RouteRequest, outputTokens: Int, spilled: Bool, placement: KeyPodUsage.Placement,
    _ done: CompletedRequest, pod: PodID, mu: Double
  ) {
    guard isMeasured(route.arrival) else { return }
    metrics.recordCompletion(
      pod: pod, arrival: route.arrival, firstScheduled: done.firstScheduled,
      firstToken: done.firstToken, completion: done.completion,
      inputTokens: route.inputTokens, outputTokens: outputTokens,
      cachedTokens: done.cachedTokens, mu: mu)
    metrics.preemptions += done.preemptions
    if spilled {
      metrics.spilledCompleted += 1
      metrics.spilledInputTokens += route.inputTokens
      metrics.spilledCachedTokens += done.cachedTokens
    }
    switch placement {
    case .moved:
      metrics.movedCompleted += 1
      metrics.movedInputTokens += route.inputTokens
      metrics.movedCachedTokens += done.cachedTokens
    case .stayed:
      metrics.stayedCompleted += 1
      metrics.stayedInputTokens += route.inputTokens
      metrics.stayedCachedTokens += done.cachedTokens
    case .first, .untracked:
      break
    }
    tenantMetrics[route.tenant].completed += 1
    tenantMetrics[route.tenant].inputTokens += route.inputTokens
    tenantMetrics[route.tenant].cachedTokens += done.cachedTokens
    tenantMetrics[route.tenant].ttft.record(
      nanoseconds: (done.firstToken - route.arrival).nanoseconds,
      mayGrowDense: route.tenant <= TenantMetrics.exactTenants)
  }

  /// A request lost with its crashed pod; one of the warm-up is counted apart, in `warmupLost`,
  /// so that its fate is reported without entering the window's metrics.
  mutating func lost(_ route: RouteRequest) {
    if isMeasured(route.arrival) {
      metrics.lost += 1
    } else {
      metrics.warmupLost += 1
    }
  }

  /// Closes the run's metrics, the last event having happened at `lastEvent`.
  mutating func finish(lastEvent: SimInstant, tenantNames: [String], podCount: Int) {
    metrics.simulatedDuration = max(lastEvent, measuredFrom) - measuredFrom
    metrics.fleet.finish(at: lastEvent)
    metrics.pods.finish()
    metrics.tenants = zip(tenantNames, tenantMetrics).map { name, counts in
      var named = counts
      named.name = name
      return named
    }
    metrics.servedBlastRadius = keyPodUsage.blastRadius(podCount: podCount)
  }
}
