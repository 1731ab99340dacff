import SimCore

/// Admission, in front of the routers: the `maxWaiting` overload ceiling every arrival meets
/// first, then admission by contract (when the replay has contracts) and the requests it queues
/// until their tokens have refilled. The engine asks and routes; this keeps the buckets and the queue.
struct AdmissionStage {
  /// The most requests the simulator may hold at once (`--max-waiting`).
  let maxWaiting: Int
  /// Admission by contract; nil when the replay has no contracts.
  private(set) var contracts: TenantAdmission?
  private var queue = SlotTable<HeldRequest>()

  init(maxWaiting: Int, contracts: Contracts?) {
    self.maxWaiting = maxWaiting
    self.contracts = contracts.map { TenantAdmission(contracts: $0) }
  }

  /// Requests waiting for contract tokens.
  var queued: Int { queue.count }

  /// Whether a new arrival may enter while the simulator holds `holding` requests; if not, it is
  /// refused as `rejected_overload`, as a router's full request queue answers 429 or 503 without
  /// looking further.
  func admitsUnderCeiling(holding: Int) -> Bool { holding < maxWaiting }

  /// Gives admission every tenant id up to `tenant`, named by `names`; returns the ids new to it.
  mutating func register(through tenant: Int, names: [String], at now: SimInstant) -> Range<Int> {
    guard let known = contracts?.tenantCount, known <= tenant else { return 0..<0 }
    for id in known...tenant { contracts?.register(tenant: id, name: names[id], at: now) }
    return known..<(tenant + 1)
  }

  /// The contract's decision on a request of `tenant` costing `cost` MU (nil without contracts).
  mutating func decide(tenant: Int, cost: Double, at now: SimInstant) -> AdmissionDecision? {
    contracts?.decide(tenant: tenant, cost: cost, at: now)
  }

  /// Queues a paid request until its tokens have refilled; returns its slot for the release event.
  mutating func enqueue(_ request: HeldRequest) -> Int { queue.insert(request) }

  /// The queued request in `slot`, now free to go on to routing.
  mutating func release(slot: Int) -> HeldRequest? { queue.remove(slot) }

  /// Settles a request paid by `bucket` with its actual cost; returns the MU charged (positive)
  /// or refunded (negative) on top of the estimate.
  mutating func settle(
    _ bucket: AdmissionBucket, tenant: Int, estimated: Double, actual: Double, at now: SimInstant
  ) -> Double {
    contracts?.reconcile(tenant: tenant, bucket: bucket, estimated: estimated, actual: actual, at: now) ?? 0
  }
}
