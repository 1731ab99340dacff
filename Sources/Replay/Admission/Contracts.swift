import SimCore

/// Per-tenant MU/min capacity contracts and the shared best-effort pool that admission enforces.
///
/// A tenant with a contract pays first from its own reserved bucket, then from the best-effort
/// pool; a tenant without one pays from the pool only. See docs/contracts.md.
public struct Contracts: Sendable, Equatable {
  /// Seconds of reserved rate a bucket holds when none is given (the design's `W_burst` of one minute).
  public static let defaultBurstSeconds: Double = 60
  /// Longest a request may wait for tokens under `over_contract: queue` when none is given.
  public static let defaultMaxQueueSeconds: Double = 2

  /// What happens to a request that neither bucket can pay for now.
  public enum OverContract: String, Sendable, Equatable, CaseIterable {
    /// Refused at once (HTTP 429 with a retry-after).
    case reject
    /// Waits until a bucket can pay, for at most `maxQueue`; refused if that would take longer.
    case queue
  }

  /// One tenant's reservation.
  public struct Tenant: Sendable, Equatable {
    /// The tenant's name as it appears in the log.
    public var name: String
    /// Reserved model units per minute (the bucket's refill rate).
    public var reservedMUPerMinute: Double
    /// Seconds of reserved rate the bucket can hold (its depth is this times the rate).
    public var burstSeconds: Double

    public init(name: String, reservedMUPerMinute: Double, burstSeconds: Double = Contracts.defaultBurstSeconds) {
      self.name = name
      self.reservedMUPerMinute = reservedMUPerMinute
      self.burstSeconds = burstSeconds
    }
  }

  /// Tenants with a reservation, sorted by name.
  public var tenants: [Tenant]
  /// Refill rate of the shared pool every tenant may draw on once its reservation is spent.
  public var bestEffortMUPerMinute: Double
  /// Seconds of best-effort rate the pool can hold.
  public var bestEffortBurstSeconds: Double
  public var overContract: OverContract
  /// Longest wait under `queue`.
  public var maxQueue: SimDuration

  public init(
    tenants: [Tenant] = [], bestEffortMUPerMinute: Double = 0,
    bestEffortBurstSeconds: Double = Contracts.defaultBurstSeconds, overContract: OverContract = .reject,
    maxQueue: SimDuration = .seconds(Contracts.defaultMaxQueueSeconds)
  ) {
    self.tenants = tenants.sorted { $0.name < $1.name }
    self.bestEffortMUPerMinute = bestEffortMUPerMinute
    self.bestEffortBurstSeconds = bestEffortBurstSeconds
    self.overContract = overContract
    self.maxQueue = maxQueue
  }

  /// The contract of the tenant named `name`, if it has one.
  public func contract(for name: String) -> Tenant? {
    var low = 0
    var high = tenants.count
    while low < high {
      let mid = (low + high) / 2
      if tenants[mid].name < name { low = mid + 1 } else { high = mid }
    }
    return low < tenants.count && tenants[low].name == name ? tenants[low] : nil
  }

  /// Sum of all reservations, MU per minute.
  public var totalReservedMUPerMinute: Double { tenants.map(\.reservedMUPerMinute).reduce(0, +) }
}
