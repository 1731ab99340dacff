import Measurements
import Routing
import SimCore

/// Admission in the replay: the overload ceiling, then contracts (`AdmissionStage` decides and
/// keeps the buckets and the queue; this orders its answers into routing and the metrics).
extension ReplayEngine {
  /// Requests the simulator holds right now: on a pod (queued or running), held at a router,
  /// or queued by admission. Each costs a few hundred bytes until it ends, so this count is
  /// what `maxWaiting` bounds; running requests are included because a pod's batch is small
  /// next to the ceiling, and counting them keeps the check O(1).
  var requestsInSimulator: Int { inFlight.count + held.count + admission.queued }

  /// Whether a new arrival may enter under the `maxWaiting` ceiling; a refused one is counted as
  /// `rejected_overload`.
  mutating func admitsUnderCeiling(tenant: Int, arrival: SimInstant) -> Bool {
    let holding = requestsInSimulator
    guard admission.admitsUnderCeiling(holding: holding) else {
      recorder.rejectedOverload(tenant: tenant, arrival: arrival)
      return false
    }
    recorder.metrics.peakInSimulator = max(recorder.metrics.peakInSimulator, holding + 1)
    return true
  }

  /// Runs a new request through admission by contract: admitted requests go on to routing now,
  /// queued ones when their tokens have refilled, refused ones stop here.
  mutating func admitUnderContract(_ request: HeldRequest, at now: SimInstant) {
    let tenant = request.route.tenant
    for id in admission.register(through: tenant, names: tenants.names, at: now) {
      let name = tenants.names[id]
      recorder.registerAdmissionTenant(
        name: name, reservedMUPerMinute: configuration.contracts?.contract(for: name)?.reservedMUPerMinute)
    }
    guard let decision = admission.decide(tenant: tenant, cost: request.route.estimatedMU, at: now) else {
      return route(request, at: now)
    }
    recorder.contractOffered(request.route)
    var paid = request
    switch decision {
    case .admit(let bucket):
      paid.charged = bucket
      recorder.contractAdmitted(request.route, bucket: bucket)
      route(paid, at: now)
    case .queue(let bucket, let until):
      paid.charged = bucket
      recorder.contractAdmitted(request.route, bucket: bucket, wait: until - now)
      control.schedule(.releaseQueued(slot: admission.enqueue(paid)), at: until)
    case .reject(let retryAfter):
      recorder.contractRejected(request.route, retryAfter: retryAfter)
      reject(request)
    }
  }

  /// A request whose contract tokens have refilled goes on to the router.
  mutating func releaseQueued(slot: Int, at now: SimInstant) {
    guard var request = admission.release(slot: slot) else { return }
    request.heldSince = now
    route(request, at: now)
  }

  /// Settles an admitted request with its actual cost (0 when it never ran): the difference to
  /// the estimate is charged to, or refunded into, the bucket that paid.
  mutating func settleAdmission(_ bucket: AdmissionBucket?, route: RouteRequest, actualMU: Double, at now: SimInstant) {
    guard let bucket else { return }
    let charged = admission.settle(
      bucket, tenant: route.tenant, estimated: route.estimatedMU, actual: actualMU, at: now)
    recorder.contractSettled(route, bucket: bucket, charged: charged)
  }

  /// Offers a request to its router, holding it when the router asks to.
  mutating func route(_ request: HeldRequest, at now: SimInstant) {
    if !offer(request, at: now) { hold(request, at: now) }
  }
}
