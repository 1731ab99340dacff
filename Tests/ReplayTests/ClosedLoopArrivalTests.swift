import Measurements
import Routing
import SimCore
import Testing
import Workload
@testable import Replay

/// `--arrivals closed-loop`: a session's next turn waits for the replayed answer to the previous
/// one, plus the logged think time.
@Suite struct ClosedLoopArrivalTests {
  /// Turn 1 at 0 s decodes 2,000 tokens (about 14 s on one pod); the log says its answer came
  /// after `loggedE2E` ms (nil: no latency logged). Turn 2 at 0.2 s is one short prefill.
  static func records(loggedE2E: Double?) -> [TraceRecord] {
    [
      TraceRecord(
        arrivalNanos: 0, inputTokens: 200, outputTokens: 2_000, session: "s",
        observed: loggedE2E.map { ObservedOutcome(e2eMillis: $0) }),
      TraceRecord(arrivalNanos: 200_000_000, inputTokens: 30, outputTokens: 1, session: "s"),
    ]
  }

  static func run(_ records: [TraceRecord], arrivals: ArrivalMode) throws -> (PolicyMetrics, ReplayEngine<ArrayRecordSource>) {
    var configuration = smallConfiguration(pods: 1)
    configuration.arrivals = arrivals
    var engine = ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: .p2c)
    let run = try engine.run()
    return (run, engine)
  }

  @Test func theNextTurnWaitsForTheReplayedAnswerPlusTheLoggedThinkTime() throws {
    // Logged answer after 100 ms, next turn 100 ms later: think time 0.1 s. Replayed, the answer
    // takes about 14 s, so turn 2 is sent 0.1 s after it and the replay ends after that.
    let (closed, engine) = try Self.run(Self.records(loggedE2E: 100), arrivals: .closedLoop)
    let (logged, _) = try Self.run(Self.records(loggedE2E: 100), arrivals: .logged)
    #expect(closed.completed == 2 && logged.completed == 2)
    let answer = closed.e2e.summary.max / 1_000
    #expect(answer > 5)
    #expect(closed.simulatedDuration.seconds > answer + 0.1)
    #expect(closed.simulatedDuration.seconds < answer + 0.5)
    // Open loop, turn 2 rides along with turn 1 and the replay ends with turn 1.
    #expect(logged.simulatedDuration.seconds < answer + 0.1)
    // Turn 2 did not queue behind turn 1: its latency is one short prefill.
    #expect(closed.e2e.summary.p50 < 100)
    // Nothing is left waiting, and the late session is remembered for a next turn.
    #expect(engine.sessionTurns.waitingTurns == 0)
  }

  @Test func withoutLoggedLatencyTheThinkTimeIsTheArrivalGap() throws {
    let (closed, _) = try Self.run(Self.records(loggedE2E: nil), arrivals: .closedLoop)
    let answer = closed.e2e.summary.max / 1_000
    #expect(closed.simulatedDuration.seconds > answer + 0.2)
    #expect(closed.simulatedDuration.seconds < answer + 0.6)
  }

  @Test func requestsWithoutASessionKeepTheirLoggedTimes() throws {
    var records = Self.records(loggedE2E: 100)
    records[0].session = nil
    records[1].session = nil
    let (closed, _) = try Self.run(records, arrivals: .closedLoop)
    let (logged, _) = try Self.run(records, arrivals: .logged)
    #expect(closed.simulatedDuration == logged.simulatedDuration)
  }

  @Test func theTableTracksActiveSessionsOnly() {
    var table = SessionTable(limit: 4)
    // Sessions whose answers came on time are forgotten when their turn ends.
    for i in 0..<10 {
      let id = table.id(for: "s\(i)")
      table[id].busy = false
      table.forgetIfIdle(id)
    }
    #expect(table.count == 0)
    // Late idle sessions are kept up to the limit, then the oldest half is forgotten.
    for i in 0..<5 {
      let id = table.id(for: "late\(i)")
      table[id].lateness = .seconds(1)
      table[id].lastEnded = SimInstant(nanoseconds: Int64(i))
    }
    #expect(table.count <= 4)
  }
}
