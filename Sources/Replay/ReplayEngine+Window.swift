import Fleet
import Measurements
import Routing
import SimCore
import Workload

extension ReplayEngine {
  /// Fixes the instant from which requests are measured, once the first record sets the clock's
  /// origin; the pod windows start there too.
  mutating func startMeasuring(origin: Int64) {
    guard let from = configuration.measuredFrom, from > origin else { return }
    measuredFrom = SimInstant(nanoseconds: from - origin)
    metrics.pods.origin = measuredFrom
  }

  /// Records a finished request in the metrics, unless it arrived during the warm-up.
  mutating func recordFinished(_ request: InFlightRequest, _ done: CompletedRequest, pod: PodID, mu: Double) {
    guard request.route.arrival >= measuredFrom else { return }
    metrics.recordCompletion(
      pod: pod, arrival: request.route.arrival, firstScheduled: done.firstScheduled,
      firstToken: done.firstToken, completion: done.completion,
      inputTokens: request.route.inputTokens, outputTokens: request.outputTokens,
      cachedTokens: done.cachedTokens, mu: mu)
    metrics.preemptions += done.preemptions
    if request.spilled {
      metrics.spilledCompleted += 1
      metrics.spilledInputTokens += request.route.inputTokens
      metrics.spilledCachedTokens += done.cachedTokens
    }
    switch request.placement {
    case .moved:
      metrics.movedCompleted += 1
      metrics.movedInputTokens += request.route.inputTokens
      metrics.movedCachedTokens += done.cachedTokens
    case .stayed:
      metrics.stayedCompleted += 1
      metrics.stayedInputTokens += request.route.inputTokens
      metrics.stayedCachedTokens += done.cachedTokens
    case .first, .untracked:
      break
    }
    tenantMetrics[request.route.tenant].completed += 1
    tenantMetrics[request.route.tenant].inputTokens += request.route.inputTokens
    tenantMetrics[request.route.tenant].cachedTokens += done.cachedTokens
    tenantMetrics[request.route.tenant].ttft.record(
      nanoseconds: (done.firstToken - request.route.arrival).nanoseconds,
      mayGrowDense: request.route.tenant <= TenantMetrics.exactTenants)
  }
}
