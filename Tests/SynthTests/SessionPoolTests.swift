import Testing
@testable import Synth

@Suite struct SessionPoolTests {
  private func session(_ tenant: Int, _ name: String) -> SessionState {
    SessionState(
      tenant: tenant, turnsDone: 1, turnsTotal: 3, promptTokens: 10, lastAnswerTokens: 5,
      contentKey: 1, name: name, blocks: [])
  }

  @Test func readySessionsResumeOldestFirstOnlyAfterTheirThinkTime() {
    var pool = SessionPool(tenants: 2, capacity: 10)
    let accepted = [
      pool.checkIn(session(0, "late"), readyAt: 300), pool.checkIn(session(0, "early"), readyAt: 100),
      pool.checkIn(session(1, "other"), readyAt: 50),
    ]
    #expect(accepted == [true, true, true])
    pool.wake(upTo: 99)
    let tooEarly = pool.checkOut(tenant: 0, now: 99, idleTimeout: 1_000)
    #expect(tooEarly == nil)
    pool.wake(upTo: 400)
    let first = pool.checkOut(tenant: 0, now: 400, idleTimeout: 1_000)
    let second = pool.checkOut(tenant: 0, now: 400, idleTimeout: 1_000)
    #expect(first?.name == "early")
    #expect(second?.name == "late")
    #expect(pool.count == 1)
  }

  @Test func idleSessionsAreDroppedAndCapacityIsEnforced() {
    var pool = SessionPool(tenants: 1, capacity: 2)
    let accepted = [
      pool.checkIn(session(0, "a"), readyAt: 0), pool.checkIn(session(0, "b"), readyAt: 500),
      pool.checkIn(session(0, "c"), readyAt: 0),
    ]
    #expect(accepted == [true, true, false])
    pool.wake(upTo: 600)
    // "a" has been ready for 600 ns, past the 200 ns idle timeout; "b" for 100 ns.
    let resumed = pool.checkOut(tenant: 0, now: 600, idleTimeout: 200)
    #expect(resumed?.name == "b")
    #expect(pool.count == 0)
  }
}
