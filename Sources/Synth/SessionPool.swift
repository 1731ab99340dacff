/// One conversation between turns: what the next turn needs to extend its prompt.
struct SessionState: Sendable {
  /// Index of the tenant.
  var tenant: Int
  /// Turns already emitted.
  var turnsDone: Int
  /// Turns this session will have in all (fewer if it reaches the context limit).
  var turnsTotal: Int
  /// Tokens of the last emitted prompt.
  var promptTokens: Int
  /// Output tokens of the last emitted turn, which the next prompt includes.
  var lastAnswerTokens: Int
  /// Content key from which the session's message and answer keys derive.
  var contentKey: UInt64
  /// The session's name in records, `tenant-<t>/s<serial>`.
  var name: String
  /// Ids of the last prompt's full blocks.
  var blocks: [UInt64]
}

/// The sessions waiting for their next turn, with O(log n) scheduling and O(1) selection.
///
/// A session checked in after a turn thinks until `readyAt`, then joins its tenant's ready queue
/// (FIFO in ready order, so the longest-waiting ready session is resumed first and expiry pops from
/// the front). Sessions are checked out for a turn and checked back in, so the pool holds only
/// sessions between turns; it never holds more than `capacity` (memory is bounded by that and the
/// context limit, never by the length of the log).
struct SessionPool: Sendable {
  /// The bound on sessions held.
  let capacity: Int
  private var slots: [SessionState?] = []
  private var freeSlots: [Int32] = []
  private var readyAt: [Int64] = []
  private var thinking = ThinkingQueue()
  private var ready: [ReadyQueue]
  /// Sessions held now (thinking or ready).
  private(set) var count = 0

  /// An empty pool for `tenants` tenants holding at most `capacity` sessions.
  init(tenants: Int, capacity: Int) {
    self.capacity = capacity
    ready = Array(repeating: ReadyQueue(), count: tenants)
  }

  /// Keeps `session` until `time`, when it becomes ready; false (session dropped) when full.
  mutating func checkIn(_ session: SessionState, readyAt time: Int64) -> Bool {
    guard count < capacity else { return false }
    let slot: Int32
    if let free = freeSlots.popLast() {
      slot = free
      slots[Int(free)] = session
      readyAt[Int(free)] = time
    } else {
      slot = Int32(slots.count)
      slots.append(session)
      readyAt.append(time)
    }
    count += 1
    thinking.push(slot, at: time)
    return true
  }

  /// Moves every session whose think time has ended by `now` to its tenant's ready queue.
  mutating func wake(upTo now: Int64) {
    while let next = thinking.nextTime, next <= now, let slot = thinking.pop() {
      if let tenant = slots[Int(slot)]?.tenant { ready[tenant].push(slot) }
    }
  }

  /// Removes and returns the tenant's longest-waiting ready session, first dropping sessions that
  /// have been ready for longer than `idleTimeout` nanoseconds (their users left).
  mutating func checkOut(tenant: Int, now: Int64, idleTimeout: Int64) -> SessionState? {
    while let slot = ready[tenant].popFront() {
      let session = release(slot)
      if now - readyAt[Int(slot)] <= idleTimeout, let session { return session }
    }
    return nil
  }

  private mutating func release(_ slot: Int32) -> SessionState? {
    let session = slots[Int(slot)]
    slots[Int(slot)] = nil
    freeSlots.append(slot)
    count -= 1
    return session
  }
}

/// A FIFO of session slots: an array with a moving head, compacted when half of it is spent.
struct ReadyQueue: Sendable {
  private var items: [Int32] = []
  private var head = 0

  var isEmpty: Bool { head == items.count }

  mutating func push(_ slot: Int32) { items.append(slot) }

  mutating func popFront() -> Int32? {
    guard head < items.count else { return nil }
    let slot = items[head]
    head += 1
    if head == items.count {
      items.removeAll(keepingCapacity: true)
      head = 0
    } else if head >= 256 && head * 2 >= items.count {
      items.removeFirst(head)
      head = 0
    }
    return slot
  }
}
