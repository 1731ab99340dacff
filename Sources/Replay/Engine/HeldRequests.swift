import DequeModule
import SimCore

/// Requests a router asked to hold (spill-over's `hold` decision, docs/routing.md): they wait
/// here, oldest first, and are offered again every `retryEvery` until a router places them or
/// `maxHold` has passed. One retry event is pending at most, and only while something is held.
struct HeldRequests {
  let retryEvery: SimDuration
  let maxHold: SimDuration
  private var queue = Deque<HeldRequest>()
  private var retryScheduled = false

  init(retryEvery: SimDuration, maxHold: SimDuration) {
    self.retryEvery = retryEvery
    self.maxHold = maxHold
  }

  var isEmpty: Bool { queue.isEmpty }
  var count: Int { queue.count }

  /// Holds `request`; returns when a retry must be scheduled (nil when one already is).
  mutating func hold(_ request: HeldRequest, at now: SimInstant) -> SimInstant? {
    queue.append(request)
    return nextRetry(at: now)
  }

  /// When the next retry must fire, if requests are held and none is scheduled; marks it scheduled.
  mutating func nextRetry(at now: SimInstant) -> SimInstant? {
    guard !retryScheduled, !queue.isEmpty else { return nil }
    retryScheduled = true
    return now + retryEvery
  }

  /// The retry event fired: the held requests are then taken, oldest first, with `next`
  /// (including any held again while the retry runs), and those still waiting put back with `keep`.
  mutating func retryFired() { retryScheduled = false }

  mutating func next() -> HeldRequest? { queue.popFirst() }

  /// Whether `request` has waited its longest and must be refused.
  func hasExpired(_ request: HeldRequest, at now: SimInstant) -> Bool { now - request.heldSince >= maxHold }

  /// Puts back the requests still waiting after a retry, in their order.
  mutating func keep(_ stillHeld: Deque<HeldRequest>) {
    queue = stillHeld
  }
}
