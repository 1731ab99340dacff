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

/// A request admitted to a pod and not yet finished.
struct InFlightRequest: Sendable {
  var route: RouteRequest
  var router: Int
  var inflightTokens: Int
  var outputTokens: Int
  /// The contract bucket that paid for the request (nil without admission by contract).
  var charged: AdmissionBucket? = nil
  /// Where the request landed relative to its key's previous request.
  var placement: KeyPodUsage.Placement = .untracked
  /// Sent outside its preferred pods by the spill policy.
  var spilled = false
}

/// A request waiting for a routing decision (new, or held by the router).
struct HeldRequest: Sendable {
  var route: RouteRequest
  var router: Int
  var outputTokens: Int
  var heldSince: SimInstant
  var charged: AdmissionBucket? = nil
  /// Sent outside its preferred pods by the spill policy.
  var spilled = false
}

/// The next log record, with its arrival on the replay's clock.
struct PendingArrival {
  var record: Workload.TraceRecord
  var arrival: SimInstant
}

/// Engine events other than pod iterations.
enum ControlEvent: Sendable {
  case reportTick
  case deliverReports
  case retryHeld
  case deliverAssignment(router: Int, generation: Int)
  /// A request that waited for contract tokens goes on to routing.
  case releaseQueued(slot: Int)
  case fleet(FleetControl)
}

/// Load reports of every pod taken at one instant, on their way to the routers.
struct ReportBatch: Sendable {
  var mu: [Double]
  var waiting: [Int]
  var kvUtilization: [Double]
  /// Each router's `routedMUTotal` when the reports were taken.
  var routedAtTake: [[Double]]
}

/// Dense storage for in-flight requests, addressed by slot; freed slots are reused, so memory
/// follows the peak number of requests in flight.
struct SlotTable<Element> {
  private var slots: [Element?] = []
  private var free: [Int] = []

  /// Elements stored now.
  var count: Int { slots.count - free.count }

  mutating func insert(_ element: Element) -> Int {
    if let slot = free.popLast() {
      slots[slot] = element
      return slot
    }
    slots.append(element)
    return slots.count - 1
  }

  mutating func remove(_ slot: Int) -> Element? {
    guard slot >= 0 && slot < slots.count, let element = slots[slot] else { return nil }
    slots[slot] = nil
    free.append(slot)
    return element
  }
}
