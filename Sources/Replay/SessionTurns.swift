import DequeModule
import SimCore

/// When a replayed request is sent.
public enum ArrivalMode: String, Sendable, Equatable, CaseIterable, NamedChoice {
  /// Every request at its logged time (open loop).
  case logged
  /// A session's next turn is sent its logged think time after the replayed answer to the
  /// previous one, as a client that waits for the answer does.
  case closedLoop = "closed-loop"
}

/// A request that is a session's turn under closed-loop arrivals: which session, and when the
/// log says the answer came (its logged arrival plus its logged `e2e_ms`, or the logged arrival
/// when the log has no latency), on the replay's clock.
struct SessionTurn: Sendable {
  var session: Int
  var loggedCompletion: SimInstant
}

/// The sessions closed-loop arrivals track: those with a turn in flight (or waiting to be sent)
/// and those whose last answer came later than logged, so that their next turn is delayed too.
///
/// A session whose last answer came no later than logged is forgotten at once (its next turn
/// goes at its logged time anyway), so memory grows with active sessions, not with the log. At
/// `limit` sessions the idle ones that ended longest ago are forgotten first (their next turn
/// then goes at its logged time); sessions with a turn in flight are never forgotten.
struct SessionTable {
  struct Session {
    var name: String
    /// A turn was sent (or scheduled) and has not ended: later turns wait in `parked`.
    var busy = false
    /// Replayed minus logged completion of the last turn that ended.
    var lateness = SimDuration.zero
    var lastEnded = SimInstant.zero
    /// Turns read from the log while an earlier one was still running, in log order.
    var parked = Deque<PendingArrival>()
  }

  private var ids: [String: Int] = [:]
  private var sessions = SlotTable<Session>()
  private(set) var count = 0
  /// Turns parked or scheduled but not yet sent.
  private(set) var waitingTurns = 0
  let limit: Int
  /// Size at which idle sessions are next forgotten: `limit`, or more when too many sessions were
  /// busy to forget (so that a flood of busy sessions does not prune on every new one).
  private var pruneAt: Int

  init(limit: Int = 100_000) {
    self.limit = limit
    pruneAt = limit
  }

  /// The id of session `name`, tracking it from now on if it was not.
  mutating func id(for name: String) -> Int {
    if let id = ids[name] { return id }
    if count >= pruneAt {
      forgetIdle(keeping: limit / 2)
      pruneAt = max(limit, count + limit / 2)
    }
    let id = sessions.insert(Session(name: name))
    ids[name] = id
    count += 1
    return id
  }

  subscript(id: Int) -> Session {
    get { sessions[id] ?? Session(name: "") }
    set { sessions[id] = newValue }
  }

  /// Holds `turn` until the session's running turn ends.
  mutating func park(_ turn: PendingArrival, in id: Int) {
    self[id].parked.append(turn)
    waitingTurns += 1
  }

  /// The session's next parked turn, if any.
  mutating func unpark(_ id: Int) -> PendingArrival? {
    guard let turn = self[id].parked.popFirst() else { return nil }
    waitingTurns -= 1
    return turn
  }

  mutating func scheduled() { waitingTurns += 1 }
  mutating func sent() { waitingTurns -= 1 }

  /// Forgets session `id` if it holds nothing the next turn needs.
  mutating func forgetIfIdle(_ id: Int) {
    let session = self[id]
    guard !session.busy, session.parked.isEmpty, session.lateness <= .zero else { return }
    remove(id)
  }

  private mutating func remove(_ id: Int) {
    guard let session = sessions.remove(id) else { return }
    ids[session.name] = nil
    count -= 1
  }

  /// Forgets idle sessions, those that ended longest ago first (ties by id), down to `keeping`.
  private mutating func forgetIdle(keeping: Int) {
    var idle: [(ended: SimInstant, id: Int)] = []
    for id in ids.values.sorted() where !self[id].busy && self[id].parked.isEmpty {
      idle.append((self[id].lastEnded, id))
    }
    idle.sort { $0.ended != $1.ended ? $0.ended < $1.ended : $0.id < $1.id }
    for entry in idle.prefix(max(0, count - keeping)) { remove(entry.id) }
  }
}

extension SlotTable {
  /// The element in `slot`, if any; setting nil is not allowed (use `remove`).
  subscript(slot: Int) -> Element? {
    get { slot >= 0 && slot < storage.count ? storage[slot] : nil }
    set {
      guard let newValue, slot >= 0 && slot < storage.count, storage[slot] != nil else { return }
      storage[slot] = newValue
    }
  }
}
