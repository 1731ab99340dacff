import SimCore
import Workload

/// Closed-loop session arrivals (`--arrivals closed-loop`): a session's next turn is sent its
/// logged think time after the replayed answer to the previous turn (docs/simulation.md).
extension ReplayEngine {
  /// A record read from the log arrives: at once, or as the next turn of its session.
  mutating func arrive(_ pending: PendingArrival) {
    guard configuration.arrivals == .closedLoop, let name = pending.record.session else { return admit(pending) }
    let id = sessionTurns.id(for: name)
    if sessionTurns[id].busy {
      sessionTurns.park(pending, in: id)
      return
    }
    sessionTurns[id].busy = true
    // The previous turn's answer came `lateness` after the log's: so does this turn.
    let sendAt = pending.logged + max(.zero, sessionTurns[id].lateness)
    if sendAt > pending.arrival {
      scheduleTurn(pending, at: sendAt)
    } else {
      admit(pending, turn: turn(of: pending, session: id))
    }
  }

  /// The turn `pending` is of session `id`: when the log says its answer came.
  func turn(of pending: PendingArrival, session id: Int) -> SessionTurn {
    var completion = pending.logged
    if let e2e = pending.record.observed?.e2eMillis, e2e.isFinite, e2e > 0 {
      completion = completion + SimDuration(nanoseconds: Int64(min(e2e, 1e12) * 1e6))
    }
    return SessionTurn(session: id, loggedCompletion: completion)
  }

  /// Sends a turn later (always through the control queue, after the pods' events at that instant).
  mutating func scheduleTurn(_ pending: PendingArrival, at time: SimInstant) {
    var delayed = pending
    delayed.arrival = time
    let slot = scheduledTurns.insert(delayed)
    sessionTurns.scheduled()
    control.schedule(.sendTurn(slot: slot), at: time)
  }

  /// A scheduled turn is due.
  mutating func sendTurn(slot: Int, at now: SimInstant) {
    guard var pending = scheduledTurns.remove(slot), let name = pending.record.session else { return }
    sessionTurns.sent()
    pending.arrival = now
    let id = sessionTurns.id(for: name)
    admit(pending, turn: turn(of: pending, session: id))
  }

  /// A session's turn ended at `now` (answered, refused or lost): its next parked turn is sent
  /// its logged think time after `now`.
  mutating func endTurn(_ turn: SessionTurn?, at now: SimInstant) {
    guard let turn else { return }
    let id = turn.session
    sessionTurns[id].busy = false
    sessionTurns[id].lateness = now - turn.loggedCompletion
    sessionTurns[id].lastEnded = now
    if let next = sessionTurns.unpark(id) {
      sessionTurns[id].busy = true
      let think = next.logged - turn.loggedCompletion
      scheduleTurn(next, at: max(now, now + think))
    } else {
      sessionTurns.forgetIfIdle(id)
    }
  }
}
