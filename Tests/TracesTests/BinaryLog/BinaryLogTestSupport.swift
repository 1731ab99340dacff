import Workload

@testable import Traces

/// Seeded random records for the binary log's property tests: every field set or nil, sessions
/// that come back and extend or diverge from their previous prompt, very long prompts and ids.
struct RandomRecords {
  private var state: UInt64

  init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

  /// `count` records; arrivals mostly rise but sometimes go back (the format keeps file order).
  mutating func records(_ count: Int) -> [TraceRecord] {
    var out: [TraceRecord] = []
    var arrival: Int64 = Int64(below(1000)) - 500
    var sessionBlocks: [String: [UInt64]] = [:]
    let strings = ["", "a", "tenant-1", "ténant-ü", "model/x", String(repeating: "long", count: 300), "🚀"]
    for index in 0..<count {
      arrival += chance(10) ? -Int64(below(1_000_000)) : Int64(below(5_000_000_000))
      arrival = max(-TraceRecord.maximumArrivalNanos, min(TraceRecord.maximumArrivalNanos, arrival))
      if chance(2) { arrival = chance(50) ? TraceRecord.maximumArrivalNanos : -TraceRecord.maximumArrivalNanos }
      var record = TraceRecord(
        arrivalNanos: arrival, inputTokens: chance(5) ? TraceRecord.maximumTokens : below(200_000),
        outputTokens: chance(5) ? 0 : below(5000))
      if chance(70) {
        record.id = chance(5) ? String(repeating: "x", count: 5000 + below(100)) : "req-\(index * (1 + below(3)))"
      }
      if chance(60) { record.tenant = strings[below(strings.count)] }
      if chance(60) { record.model = strings[below(strings.count)] }
      if chance(30) { record.maxTokens = chance(10) ? TraceRecord.maximumTokens : below(9000) }
      if chance(40) { record.blockSize = [1, 16, 64, TraceRecord.maximumTokens][below(4)] }
      var session: String?
      if chance(75) {
        session = "s\(below(12))"
        record.session = session
      }
      let previous = session.flatMap { sessionBlocks[$0] } ?? []
      switch below(6) {
      case 0: record.prefixBlocks = []
      case 1: record.prefixBlocks = previous
      case 2: record.prefixBlocks = Array(previous.prefix(below(previous.count + 1)))
      case 3: record.prefixBlocks = (0..<below(40)).map { _ in next() }
      case 4: record.prefixBlocks = previous + (0..<below(chance(5) ? 20_000 : 30)).map { _ in chance(10) ? UInt64.max : next() }
      default: record.prefixBlocks = Array(previous.prefix(below(previous.count + 1))) + (0..<below(8)).map { _ in UInt64(below(4)) }
      }
      if let session { sessionBlocks[session] = record.prefixBlocks }
      if chance(40) {
        var observed = ObservedOutcome()
        if chance(60) { observed.cachedTokens = below(100_000) }
        if chance(60) { observed.pod = "pod-\(below(20))" }
        if chance(60) { observed.ttftMillis = [0.0, 12.5, -0.0, .infinity, 1e300, Double(below(1000)) / 7][below(6)] }
        if chance(60) { observed.e2eMillis = Double(below(100_000)) / 3 }
        if chance(60) { observed.status = RequestStatus.allCases[below(RequestStatus.allCases.count)] }
        record.observed = observed
      }
      out.append(record)
    }
    return out
  }
}

enum BinaryLogTestSupport {
  /// `records` as a binary log in memory.
  static func encode(
    _ records: [TraceRecord], level: Int? = 3, sessionWindow: Int = BinaryLogWriter.defaultSessionWindow,
    stringWindow: Int = BinaryLogWriter.defaultStringWindow, frameBytes: Int = BinaryLogWriter.defaultFrameBytes
  ) throws -> [UInt8] {
    let writer = try BinaryLogWriter(
      inMemory: "test.mrlog", compressionLevel: level, sessionWindow: sessionWindow, stringWindow: stringWindow,
      frameBytes: frameBytes)
    for record in records { try writer.write(record) }
    try writer.finish()
    return writer.bytes
  }

  /// Every record of a log in memory, in file order, and the error that ended it (if any).
  static func read(_ bytes: [UInt8], name: String = "test.mrlog", options: TraceReadOptions? = nil) -> (
    records: [TraceRecord], error: TraceError?
  ) {
    var records: [TraceRecord] = []
    do {
      let reader = try TraceReader(bytes: bytes, name: name, options: options ?? TraceReadOptions(allowOutOfOrder: true))
      while let record = try reader.next() { records.append(record) }
      return (records, nil)
    } catch {
      return (records, error)
    }
  }

  /// Rewrites the header's and every frame header's checksums after a deliberate edit, so the
  /// edit reaches the check it is aimed at rather than the checksum.
  static func resealHeader(_ bytes: inout [UInt8]) {
    let checksum = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<24])) }
    for i in 0..<4 { bytes[24 + i] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt32(i))) }
  }

  /// Where two record lists first differ (nil when equal), short enough for a test message.
  static func difference(_ expected: [TraceRecord], _ actual: [TraceRecord]) -> String? {
    for (index, (a, b)) in zip(expected, actual).enumerated() where a != b {
      return "record \(index + 1) differs: \(String(describing: a).prefix(600)) / \(String(describing: b).prefix(600))"
    }
    return expected.count == actual.count ? nil : "\(expected.count) records written, \(actual.count) read"
  }
}
