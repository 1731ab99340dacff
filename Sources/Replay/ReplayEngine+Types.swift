import Measurements
import Workload
import Routing
import SimCore

/// A pod's next iteration event in the engine's heap; stale entries are skipped on pop.
struct PodEventKey: Comparable, Sendable {
  var time: SimInstant
  var pod: Int
  static func < (lhs: PodEventKey, rhs: PodEventKey) -> Bool {
    lhs.time != rhs.time ? lhs.time < rhs.time : lhs.pod < rhs.pod
  }
}

/// A request admitted to a pod and not yet finished. Moved out of the in-flight table once per
/// request, so nothing is stored that the route already says.
struct InFlightRequest: Sendable {
  var route: RouteRequest
  var router: Int
  var outputTokens: Int
  /// The session turn it is, under closed-loop arrivals.
  var turn: SessionTurn? = nil
  /// The contract bucket that paid for the request (nil without admission by contract).
  var charged: AdmissionBucket? = nil
  /// Where the request landed relative to its key's previous request.
  var placement: KeyPodUsage.Placement = .untracked
  /// Sent outside its preferred pods by the spill policy.
  var spilled = false

  /// Prefill plus decode tokens the router counted for it (`LoadReporter.placed`).
  var inflightTokens: Int { route.inputTokens + route.predictedOutputTokens }
}

/// A request waiting for a routing decision (new, or held by the router).
struct HeldRequest: Sendable {
  var route: RouteRequest
  var router: Int
  var outputTokens: Int
  /// The client's `max_tokens`, when the log has it (the pod's admission check uses it).
  var maxTokens: Int?
  var heldSince: SimInstant
  var charged: AdmissionBucket? = nil
  /// Sent outside its preferred pods by the spill policy.
  var spilled = false
  /// The session turn it is, under closed-loop arrivals.
  var turn: SessionTurn? = nil
}

/// The next log record, with its arrival on the replay's clock.
struct PendingArrival: Sendable {
  /// The record; its prefix blocks are in `chainedBlocks`, chained where the log was read.
  var record: Workload.TraceRecord
  var chainedBlocks: [UInt64]
  /// When it is sent: the logged arrival, or later for a closed-loop session turn.
  var arrival: SimInstant
  /// Its logged arrival on the replay's clock.
  var logged: SimInstant

  init(record: ChainedRecord, arrival: SimInstant, logged: SimInstant? = nil) {
    self.record = record.record
    chainedBlocks = record.chainedBlocks
    self.arrival = arrival
    self.logged = logged ?? arrival
  }
}

/// Engine events other than pod iterations.
enum ControlEvent: Sendable {
  case reportTick
  case deliverReports
  case retryHeld
  case deliverAssignment(router: Int, generation: Int)
  /// A request that waited for contract tokens goes on to routing.
  case releaseQueued(slot: Int)
  /// A closed-loop session turn is sent.
  case sendTurn(slot: Int)
  case fleet(FleetControl)
}

/// Dense storage for in-flight requests, addressed by slot; freed slots are reused, so memory
/// follows the peak number of requests in flight.
struct SlotTable<Element> {
  var storage: [Element?] = []
  private var free: [Int] = []

  /// Elements stored now.
  var count: Int { storage.count - free.count }

  mutating func insert(_ element: Element) -> Int {
    if let slot = free.popLast() {
      storage[slot] = element
      return slot
    }
    storage.append(element)
    return storage.count - 1
  }

  mutating func remove(_ slot: Int) -> Element? {
    // `take()` moves the element out in place: reading it, then storing nil, copies it twice.
    guard slot >= 0 && slot < storage.count, let element = storage[slot].take() else { return nil }
    free.append(slot)
    return element
  }
}
