import Foundation
import Testing
import Workload

@testable import Traces

/// The binary log keeps every record exactly: each field, nil against empty, file order.
@Suite struct BinaryLogRoundTripTests {
  /// Seeded random records through every writer setting: compressed or raw frames, frames of a
  /// few records or one, windows small enough that sessions and strings are evicted and come back.
  @Test(arguments: [
    (seed: 1, level: 3, sessions: 4096, strings: 4096, frame: 1 << 20),
    (seed: 2, level: 1, sessions: 2, strings: 1, frame: 300),
    (seed: 3, level: 19, sessions: 5, strings: 3, frame: 1),
    (seed: 4, level: 0, sessions: 1, strings: 2, frame: 4096),
  ])
  func recordsRoundTripExactly(seed: Int, level: Int, sessions: Int, strings: Int, frame: Int) throws {
    var random = RandomRecords(seed: UInt64(seed))
    let records = random.records(600)
    let bytes = try BinaryLogTestSupport.encode(
      records, level: level == 0 ? nil : level, sessionWindow: sessions, stringWindow: strings, frameBytes: frame)
    let (read, error) = BinaryLogTestSupport.read(bytes)
    #expect(error == nil)
    #expect(BinaryLogTestSupport.difference(records, read) == nil)
  }

  /// The hand-built edge cases: no fields at all, an empty observation (not nil), empty strings,
  /// the largest values, a session whose next prompt shares nothing.
  @Test func edgeCasesRoundTrip() throws {
    let records = [
      TraceRecord(arrivalNanos: 0, inputTokens: 0, outputTokens: 0),
      TraceRecord(
        arrivalNanos: -TraceRecord.maximumArrivalNanos, inputTokens: 1, outputTokens: 1, id: "", tenant: "",
        session: "", model: "", maxTokens: 0, prefixBlocks: [], blockSize: 1, observed: ObservedOutcome()),
      TraceRecord(
        arrivalNanos: TraceRecord.maximumArrivalNanos, inputTokens: TraceRecord.maximumTokens,
        outputTokens: TraceRecord.maximumTokens, id: String(repeating: "é", count: 10_000), session: "",
        maxTokens: TraceRecord.maximumTokens, prefixBlocks: [0, UInt64.max], blockSize: TraceRecord.maximumTokens,
        observed: ObservedOutcome(
          cachedTokens: TraceRecord.maximumTokens, pod: "", ttftMillis: -.infinity, e2eMillis: 0, status: .timeout)),
      TraceRecord(arrivalNanos: 5, inputTokens: 2, outputTokens: 3, session: "", prefixBlocks: [7, 8]),
      TraceRecord(arrivalNanos: 4, inputTokens: 2, outputTokens: 3, id: "", session: "", prefixBlocks: [0, UInt64.max, 9]),
    ]
    let bytes = try BinaryLogTestSupport.encode(records)
    let (read, error) = BinaryLogTestSupport.read(bytes)
    #expect(error == nil)
    #expect(BinaryLogTestSupport.difference(records, read) == nil)
  }

  /// `--block-size` fills in a missing block size for records with blocks, as for canonical JSON.
  @Test func defaultBlockSizeAppliesAsInCanonicalLogs() throws {
    let records = [
      TraceRecord(arrivalNanos: 0, inputTokens: 1, outputTokens: 1, prefixBlocks: [1]),
      TraceRecord(arrivalNanos: 1, inputTokens: 1, outputTokens: 1),
      TraceRecord(arrivalNanos: 2, inputTokens: 1, outputTokens: 1, prefixBlocks: [1], blockSize: 8),
    ]
    let bytes = try BinaryLogTestSupport.encode(records)
    let (read, _) = BinaryLogTestSupport.read(bytes, options: TraceReadOptions(defaultBlockSize: 32))
    #expect(read.map(\.blockSize) == [32, nil, 8])
  }

  /// A long multi-turn session costs a few bytes a turn: each turn names its predecessor's
  /// blocks by count, so a 1,600-block prompt that grows by two blocks costs about 16 bytes of
  /// ids plus the record's other fields, not 12.8 KB.
  @Test func sessionTurnsCostFewBytes() throws {
    var random = RandomRecords(seed: 7)
    var blocks = (0..<1600).map { _ in random.next() }
    var records: [TraceRecord] = []
    for turn in 0..<500 {
      records.append(
        TraceRecord(
          arrivalNanos: Int64(turn) * 1_000_000_000, inputTokens: blocks.count * 64, outputTokens: 300,
          id: "r\(turn)", tenant: "tenant-3", session: "tenant-3/s1", model: "llama-3-8b", maxTokens: 4096,
          prefixBlocks: blocks, blockSize: 64))
      blocks += [random.next(), random.next()]
    }
    let raw = try BinaryLogTestSupport.encode(records, level: nil)
    let firstPrompt = 1600 * 8
    let perTurn = Double(raw.count - firstPrompt) / Double(records.count - 1)
    #expect(perTurn < 40, "\(perTurn) bytes per turn")
    #expect(BinaryLogTestSupport.difference(records, BinaryLogTestSupport.read(raw).records) == nil)
  }

  /// Sessions beyond the window are written in full and still read back; the reader never
  /// holds more sessions than the header's window.
  @Test func evictedSessionsAreSpelledOutAgain() throws {
    var records: [TraceRecord] = []
    for turn in 0..<30 {
      for session in 0..<4 {
        records.append(
          TraceRecord(
            arrivalNanos: Int64(turn * 4 + session), inputTokens: 10, outputTokens: 1, session: "s\(session)",
            prefixBlocks: Array(UInt64(session * 1000)..<UInt64(session * 1000 + 50 + turn))))
      }
    }
    let wide = try BinaryLogTestSupport.encode(records, level: nil, sessionWindow: 4)
    let narrow = try BinaryLogTestSupport.encode(records, level: nil, sessionWindow: 3)
    #expect(BinaryLogTestSupport.difference(records, BinaryLogTestSupport.read(wide).records) == nil)
    #expect(BinaryLogTestSupport.difference(records, BinaryLogTestSupport.read(narrow).records) == nil)
    // Round-robin over four sessions with room for three: every turn misses the window.
    #expect(narrow.count > 10 * wide.count)
  }

  /// A value no reader would accept is refused by the writer, naming the field, and the writer
  /// goes on.
  @Test func writerRefusesValuesReadersReject() throws {
    let writer = try BinaryLogWriter(inMemory: "x.mrlog")
    #expect(throws: TraceError.self) { try writer.write(TraceRecord(arrivalNanos: 0, inputTokens: -1, outputTokens: 0)) }
    do {
      try writer.write(TraceRecord(arrivalNanos: 0, inputTokens: 1, outputTokens: 0, blockSize: 0))
      Issue.record("block size 0 was written")
    } catch {
      #expect(error.field == "block_size")
    }
    try writer.write(TraceRecord(arrivalNanos: 0, inputTokens: 1, outputTokens: 0))
    try writer.finish()
    #expect(BinaryLogTestSupport.read(writer.bytes).records.count == 1)
  }

  /// The checksum is CRC-32C: the standard check value.
  @Test func checksumIsCRC32C() {
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
  }
}
