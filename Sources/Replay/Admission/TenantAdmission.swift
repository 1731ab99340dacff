import SimCore

/// Which bucket paid for an admitted request.
public enum AdmissionBucket: UInt8, Sendable, Equatable {
  /// The tenant's own reservation.
  case reserved
  /// The shared best-effort pool.
  case bestEffort
}

/// What admission decided for one request.
public enum AdmissionDecision: Sendable, Equatable {
  /// Admitted now, paid by `bucket`.
  case admit(AdmissionBucket)
  /// Paid now out of tokens `bucket` has not refilled yet; the request goes on at `until`.
  case queue(AdmissionBucket, until: SimInstant)
  /// Refused; `retryAfter` is when a bucket would hold the request's MU (nil: never, the
  /// request is larger than every bucket it may use).
  case reject(retryAfter: SimDuration?)
}

/// MU/min admission by contract: per-tenant reserved token buckets in front of a shared
/// best-effort pool. A pure value type: the replay engine asks, it answers and keeps the buckets.
///
/// Tenants are small integer ids (the replay's `TenantTable`); `register` tells it each id's name
/// once, so the hot path indexes arrays.
public struct TenantAdmission: Sendable {
  public let contracts: Contracts
  /// Reserved bucket per tenant id; nil for tenants without a contract.
  public private(set) var reserved: [TokenBucket?] = []
  public private(set) var bestEffort: TokenBucket

  /// Admission under `contracts`, with every bucket full at `start`.
  public init(contracts: Contracts, start: SimInstant = .zero) {
    self.contracts = contracts
    bestEffort = TokenBucket(
      muPerMinute: contracts.bestEffortMUPerMinute, burstSeconds: contracts.bestEffortBurstSeconds, at: start)
  }

  /// Tenant ids known so far.
  public var tenantCount: Int { reserved.count }

  /// Gives tenant `id` its name; ids must be registered in order 0, 1, 2, ... Its bucket starts full at `now`.
  public mutating func register(tenant id: Int, name: String, at now: SimInstant) {
    precondition(id == reserved.count, "tenants are registered in id order")
    reserved.append(
      contracts.contract(for: name).map {
        TokenBucket(muPerMinute: $0.reservedMUPerMinute, burstSeconds: $0.burstSeconds, at: now)
      })
  }

  /// Decides one request of `tenant` costing `cost` MU at `now`, and charges the paying bucket.
  ///
  /// Order: the tenant's reserved bucket, then the best-effort pool; when neither can pay now,
  /// `queue` waits for whichever refills first (reserved on a tie) if that is within the
  /// longest queue wait, and everything else is rejected.
  public mutating func decide(tenant: Int, cost: Double, at now: SimInstant) -> AdmissionDecision {
    precondition(tenant < reserved.count, "register a tenant before deciding its requests")
    reserved[tenant]?.refill(to: now)
    bestEffort.refill(to: now)
    if reserved[tenant]?.canPay(cost) == true {
      reserved[tenant]?.charge(cost)
      return .admit(.reserved)
    }
    if bestEffort.canPay(cost) {
      bestEffort.charge(cost)
      return .admit(.bestEffort)
    }
    let reservedWait = reserved[tenant]?.timeUntilAffordable(cost)
    let bestEffortWait = bestEffort.timeUntilAffordable(cost)
    let (bucket, wait): (AdmissionBucket, SimDuration?) =
      switch (reservedWait, bestEffortWait) {
      case (let r?, let b?): r <= b ? (.reserved, r) : (.bestEffort, b)
      case (let r?, nil): (.reserved, r)
      case (nil, let b?): (.bestEffort, b)
      case (nil, nil): (.reserved, nil)
      }
    guard let wait else { return .reject(retryAfter: nil) }
    guard contracts.overContract == .queue, wait <= contracts.maxQueue else { return .reject(retryAfter: wait) }
    switch bucket {
    case .reserved: reserved[tenant]?.charge(cost)
    case .bestEffort: bestEffort.charge(cost)
    }
    return .queue(bucket, until: now + wait)
  }

  /// Settles an admitted request whose estimate was `estimated` and whose actual cost was
  /// `actual` (0 when it never ran): the difference is charged to, or refunded into, the bucket
  /// that paid. Returns the MU actually charged (negative for a refund).
  @discardableResult
  public mutating func reconcile(
    tenant: Int, bucket: AdmissionBucket, estimated: Double, actual: Double, at now: SimInstant
  ) -> Double {
    let delta = actual - estimated
    switch bucket {
    case .reserved:
      guard tenant < reserved.count, reserved[tenant] != nil else { return 0 }
      reserved[tenant]?.refill(to: now)
      return reserved[tenant]?.adjust(by: delta) ?? 0
    case .bestEffort:
      bestEffort.refill(to: now)
      return bestEffort.adjust(by: delta)
    }
  }
}
