import SimCore

/// What admission by contract did to one tenant's requests.
public struct TenantAdmissionMetrics: Sendable, Equatable {
  public var name: String
  /// The tenant's reservation in MU per minute; nil when it has none (best effort only).
  public var reservedMUPerMinute: Double?
  /// Requests that reached admission.
  public var offered = 0
  public var admittedReserved = 0
  public var admittedBestEffort = 0
  /// MU charged to the tenant's reservation: estimates at admission plus the reconciliation
  /// with actual cost on completion (refunds negative).
  public var reservedMU: Double = 0
  /// MU charged to the best-effort pool, likewise.
  public var bestEffortMU: Double = 0
  /// Requests refused by admission, and their estimated MU.
  public var rejected = 0
  public var rejectedMU: Double = 0
  /// Refused requests larger than every bucket they may use (no retry would help).
  public var rejectedNeverFits = 0
  /// Requests that waited for tokens (`over_contract: queue`), and their waits.
  public var queued = 0
  public var queueWaitSumNanos: Int64 = 0
  public var queueWaitMaxNanos: Int64 = 0
  /// Retry-after a refused client would be told (time until a bucket holds its MU).
  public var retryAfter = CompactLatencyRecorder()

  public init(name: String, reservedMUPerMinute: Double? = nil) {
    self.name = name
    self.reservedMUPerMinute = reservedMUPerMinute
  }

  /// Requests admitted from either bucket.
  public var admitted: Int { admittedReserved + admittedBestEffort }
  /// Mean queue wait in milliseconds (0 when nothing queued).
  public var meanQueueWaitMillis: Double { queued > 0 ? Double(queueWaitSumNanos) / Double(queued) / 1e6 : 0 }
  public var maxQueueWaitMillis: Double { Double(queueWaitMaxNanos) / 1e6 }
  /// Share of offered requests refused.
  public var rejectRate: Double { offered > 0 ? Double(rejected) / Double(offered) : 0 }

  /// Records one request that waited `wait` for tokens.
  public mutating func recordQueued(wait: SimDuration) {
    queued += 1
    queueWaitSumNanos += wait.nanoseconds
    queueWaitMaxNanos = max(queueWaitMaxNanos, wait.nanoseconds)
  }

  public static func == (lhs: TenantAdmissionMetrics, rhs: TenantAdmissionMetrics) -> Bool {
    lhs.name == rhs.name && lhs.reservedMUPerMinute == rhs.reservedMUPerMinute && lhs.offered == rhs.offered
      && lhs.admittedReserved == rhs.admittedReserved && lhs.admittedBestEffort == rhs.admittedBestEffort
      && lhs.reservedMU == rhs.reservedMU && lhs.bestEffortMU == rhs.bestEffortMU && lhs.rejected == rhs.rejected
      && lhs.rejectedMU == rhs.rejectedMU && lhs.queued == rhs.queued && lhs.queueWaitSumNanos == rhs.queueWaitSumNanos
  }
}

/// Admission by contract over one replay: per tenant (indexed by the replay's tenant id) and totals.
public struct AdmissionMetrics: Sendable, Equatable {
  public var tenants: [TenantAdmissionMetrics] = []

  public init(tenants: [TenantAdmissionMetrics] = []) { self.tenants = tenants }

  public var offered: Int { tenants.map(\.offered).reduce(0, +) }
  public var rejected: Int { tenants.map(\.rejected).reduce(0, +) }
  public var queued: Int { tenants.map(\.queued).reduce(0, +) }
  public var reservedMU: Double { tenants.map(\.reservedMU).reduce(0, +) }
  public var bestEffortMU: Double { tenants.map(\.bestEffortMU).reduce(0, +) }
  public var rejectedMU: Double { tenants.map(\.rejectedMU).reduce(0, +) }

  /// Share of admitted MU paid by the best-effort pool.
  public var bestEffortShare: Double {
    let total = reservedMU + bestEffortMU
    return total > 0 ? bestEffortMU / total : 0
  }

  /// Mean queue wait over all queued requests, milliseconds.
  public var meanQueueWaitMillis: Double {
    let count = queued
    return count > 0 ? Double(tenants.map(\.queueWaitSumNanos).reduce(0, +)) / Double(count) / 1e6 : 0
  }

  public var maxQueueWaitMillis: Double { tenants.map(\.maxQueueWaitMillis).max() ?? 0 }

  /// Retry-after over every refused request.
  public var retryAfter: LatencyRecorder {
    var all = LatencyRecorder()
    for tenant in tenants { all.add(tenant.retryAfter) }
    return all
  }

  /// The tenant with the most refused requests (ties: the lowest id), if any was refused.
  public var worstTenant: TenantAdmissionMetrics? {
    var worst: TenantAdmissionMetrics?
    for tenant in tenants where tenant.rejected > 0 && tenant.rejected > (worst?.rejected ?? 0) { worst = tenant }
    return worst
  }
}
