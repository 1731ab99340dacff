import Measurements
import Routing
import SimCore

/// Admission by contract's measurements, under the same window rule.
extension MetricsRecorder {
  /// A tenant became known to admission, with its contract's reserved rate (nil: best effort only).
  mutating func registerAdmissionTenant(name: String, reservedMUPerMinute: Double?) {
    metrics.admission?.tenants.append(TenantAdmissionMetrics(name: name, reservedMUPerMinute: reservedMUPerMinute))
  }

  /// Admission by contract decided on a request.
  mutating func contractOffered(_ route: RouteRequest) {
    guard isMeasured(route.arrival) else { return }
    metrics.admission?.tenants[route.tenant].offered += 1
  }

  /// A bucket paid the request's estimated MU; `wait` is how long it queues for the tokens.
  mutating func contractAdmitted(_ route: RouteRequest, bucket: AdmissionBucket, wait: SimDuration? = nil) {
    guard isMeasured(route.arrival) else { return }
    let tenant = route.tenant
    switch bucket {
    case .reserved:
      metrics.admission?.tenants[tenant].admittedReserved += 1
      metrics.admission?.tenants[tenant].reservedMU += route.estimatedMU
    case .bestEffort:
      metrics.admission?.tenants[tenant].admittedBestEffort += 1
      metrics.admission?.tenants[tenant].bestEffortMU += route.estimatedMU
    }
    if let wait { metrics.admission?.tenants[tenant].recordQueued(wait: wait) }
  }

  /// The contract refused the request; `retryAfter` is nil when it can never fit.
  mutating func contractRejected(_ route: RouteRequest, retryAfter: SimDuration?) {
    guard isMeasured(route.arrival) else { return }
    let tenant = route.tenant
    metrics.admission?.tenants[tenant].rejected += 1
    metrics.admission?.tenants[tenant].rejectedMU += route.estimatedMU
    if let retryAfter {
      metrics.admission?.tenants[tenant].retryAfter.record(
        nanoseconds: retryAfter.nanoseconds, mayGrowDense: tenant <= TenantMetrics.exactTenants)
    } else {
      metrics.admission?.tenants[tenant].rejectedNeverFits += 1
    }
  }

  /// The difference between a request's actual and estimated cost, charged to (or, negative,
  /// refunded into) the bucket that paid.
  mutating func contractSettled(_ route: RouteRequest, bucket: AdmissionBucket, charged: Double) {
    guard isMeasured(route.arrival), route.tenant < (metrics.admission?.tenants.count ?? 0) else { return }
    switch bucket {
    case .reserved: metrics.admission?.tenants[route.tenant].reservedMU += charged
    case .bestEffort: metrics.admission?.tenants[route.tenant].bestEffortMU += charged
    }
  }
}
