import Measurements
import Routing
import SimCore

extension ReplayEngine {
  /// Runs a new request through admission by contract: admitted requests go on to routing now,
  /// queued ones when their tokens have refilled, refused ones stop here.
  mutating func admitUnderContract(_ request: HeldRequest, at now: SimInstant) {
    let tenant = request.route.tenant
    registerAdmissionTenants(through: tenant, at: now)
    let cost = request.route.estimatedMU
    guard let decision = admission?.decide(tenant: tenant, cost: cost, at: now) else {
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
      let slot = admissionQueue.insert(paid)
      admissionQueued += 1
      control.schedule(.releaseQueued(slot: slot), at: until)
    case .reject(let retryAfter):
      recorder.contractRejected(request.route, retryAfter: retryAfter)
      reject(request)
    }
  }

  /// A request whose contract tokens have refilled goes on to the router.
  mutating func releaseQueued(slot: Int, at now: SimInstant) {
    guard var request = admissionQueue.remove(slot) else { return }
    admissionQueued -= 1
    request.heldSince = now
    route(request, at: now)
  }

  /// Settles an admitted request with its actual cost (0 when it never ran): the difference to
  /// the estimate is charged to, or refunded into, the bucket that paid.
  mutating func settleAdmission(_ bucket: AdmissionBucket?, route: RouteRequest, actualMU: Double, at now: SimInstant) {
    guard let bucket else { return }
    let charged =
      admission?.reconcile(
        tenant: route.tenant, bucket: bucket, estimated: route.estimatedMU, actual: actualMU, at: now) ?? 0
    recorder.contractSettled(route, bucket: bucket, charged: charged)
  }

  /// Offers a request to its router, holding it when the router asks to.
  mutating func route(_ request: HeldRequest, at now: SimInstant) {
    if !offer(request, at: now) { hold(request, at: now) }
  }

  /// Gives admission (and its metrics) every tenant id up to `tenant`, with its name and contract.
  mutating func registerAdmissionTenants(through tenant: Int, at now: SimInstant) {
    guard let known = admission?.tenantCount, known <= tenant else { return }
    for id in known...tenant {
      let name = tenants.names[id]
      admission?.register(tenant: id, name: name, at: now)
      recorder.registerAdmissionTenant(
        name: name, reservedMUPerMinute: configuration.contracts?.contract(for: name)?.reservedMUPerMinute)
    }
  }
}
