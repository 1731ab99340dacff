import Testing
import Workload
@testable import Replay

/// How many records a `CountingSource` handed out, visible after the source was wrapped.
final class PullCounter { var pulled = 0 }

/// A source over an array that counts the records pulled from it.
struct CountingSource: RecordSource {
  var records: [TraceRecord]
  let counter = PullCounter()
  mutating func next() -> TraceRecord? {
    guard counter.pulled < records.count else { return nil }
    defer { counter.pulled += 1 }
    return records[counter.pulled]
  }
}

@Suite struct ReplayWindowTests {
  static let second: Int64 = 1_000_000_000

  @Test func boundsAreSecondsOrRFC3339Times() throws {
    #expect(try ReplayWindow.parseBound("600", flag: "--from") == .offset(seconds: 600))
    #expect(try ReplayWindow.parseBound("1.5", flag: "--from") == .offset(seconds: 1.5))
    // 2023-11-16 is 19,677 days after 1970-01-01: 19,677 * 86,400 = 1,700,092,800 s; plus
    // 18:17:03 = 65,823 s gives 1,700,158,623 s, and .98 s more.
    #expect(
      try ReplayWindow.parseBound("2023-11-16T18:17:03.98Z", flag: "--from")
        == .instant(epochNanos: 1_700_158_623 * Self.second + 980_000_000))
    // +02:00 is two hours ahead of UTC: the same instant is 7,200 s earlier.
    #expect(
      try ReplayWindow.parseBound("2023-11-16T18:17:03+02:00", flag: "--to")
        == .instant(epochNanos: (1_700_158_623 - 7_200) * Self.second))
    // No zone: UTC, as in the logs themselves (the Azure traces carry no zone).
    #expect(
      try ReplayWindow.parseBound("2023-11-16T18:17:03", flag: "--from")
        == .instant(epochNanos: 1_700_158_623 * Self.second))
    #expect(try ReplayWindow.parseBound("1e9", flag: "--to") == .offset(seconds: 1e9))
    for bad in ["-5", "yesterday", "2023-13-01T00:00:00Z", "2023-11-16T18:17:03.Z", "1e300", "nan", "inf"] {
      #expect(throws: ConfigurationError.self, "\(bad)") { try ReplayWindow.parseBound(bad, flag: "--from") }
    }
  }

  @Test func resolvesOnTheLogsClock() throws {
    let start: Int64 = 50 * Self.second
    // From 600 s with 120 s of warm-up on a log starting at 50 s: read from 530 s, measure from 650 s, stop at 950 s.
    let window = ReplayWindow(from: .offset(seconds: 600), to: .offset(seconds: 900), warmupSeconds: 120)
    #expect(
      try window.resolve(logStart: start)
        == ResolvedWindow(readFrom: 530 * Self.second, measureFrom: 650 * Self.second, readTo: 950 * Self.second))
    #expect(try ReplayWindow(to: .offset(seconds: 10)).resolve(logStart: 0) == ResolvedWindow(readTo: 10 * Self.second))
  }

  @Test func inconsistentWindowsAreErrorsSayingWhatToDo() {
    let cases: [(ReplayWindow, String)] = [
      (ReplayWindow(warmupSeconds: 30), "--warmup needs --from"),
      (ReplayWindow(from: .offset(seconds: 10), to: .offset(seconds: 5)), "--to must be later than --from"),
      (ReplayWindow(from: .instant(epochNanos: 1_700_000_000 * Self.second)), "the log's clock is relative"),
      (ReplayWindow(from: .offset(seconds: 10), warmupSeconds: 1e300), "--warmup must be a number of seconds from 0 to 1e9"),
      (ReplayWindow(from: .offset(seconds: .nan)), "--from nan: give seconds from the log's start, from 0 to 1e9"),
    ]
    for (window, expected) in cases {
      do {
        _ = try window.resolve(logStart: 0)
        Issue.record("expected an error: \(expected)")
      } catch {
        #expect(error.description.contains(expected))
      }
    }
  }

  @Test func sourceSkipsBeforeTheStartAndStopsReadingAtTheEnd() throws {
    let records = (0..<100).map { TraceRecord(arrivalNanos: Int64($0) * Self.second, inputTokens: 10, outputTokens: 1) }
    var source = WindowedRecordSource(
      CountingSource(records: records), window: ResolvedWindow(readFrom: 20 * Self.second, readTo: 30 * Self.second))
    var seen: [Int64] = []
    while let record = try source.next() { seen.append(record.arrivalNanos / Self.second) }
    #expect(seen == Array(20..<30))
    #expect(try source.next() == nil)
  }

  @Test func readingStopsAtTheFirstRecordPastTheEnd() throws {
    let records = (0..<100).map { TraceRecord(arrivalNanos: Int64($0) * Self.second, inputTokens: 10, outputTokens: 1) }
    let base = CountingSource(records: records)
    var window = WindowedRecordSource(base, window: ResolvedWindow(readTo: 5 * Self.second))
    var count = 0
    while try window.next() != nil { count += 1 }
    _ = try window.next()
    // Records 0-4 are in the window; record 5 ends it, and nothing after it is read.
    #expect(count == 5)
    #expect(base.counter.pulled == 6)
  }
}
