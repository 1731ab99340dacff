import Traces
import Workload

/// Checks the binary log reader and writer (docs/binary-log.md): whatever bytes it is given the
/// reader returns records as every reader promises or a typed error, a log the writer made
/// reads back record for record, and damage to one is always an error.
public enum BinaryLogHarness {
  static let magic: [UInt8] = [0x89, 0x4D, 0x52, 0x4C, 0x4F, 0x47, 0x1A, 0x0A]
  static let binaryErrors: Set<TraceError.Kind> = [.corruptLog, .truncatedLog, .unsupportedVersion, .unknownFormat]

  public static func check(_ payload: [UInt8], _ input: inout FuzzInput, options: TraceReadOptions) {
    let flags = input.byte()
    if payload.starts(with: magic) {
      let bytes = flags & 1 != 0 ? resealed(payload) : payload
      let outcome = ReaderHarness.read(bytes, options: options)
      if outcome.error == nil && outcome.badLines == 0 { checkRewrite(outcome.records, flags: flags) }
      return
    }
    // The payload as canonical JSON Lines, forgivingly: its records are the log to write.
    var textOptions = TraceReadOptions(format: .canonicalJSONL, maxBadLines: 1_000_000, allowOutOfOrder: true)
    textOptions.maxLineLength = 1 << 16
    let records = ReaderHarness.read(payload, options: textOptions, roundTrip: false).records
    guard !records.isEmpty else { return }
    guard let bytes = checkRewrite(records, flags: flags) else { return }
    // Damage: one byte changed (past the magic, so the file is still taken as binary), or cut short.
    let damage = input.byte()
    let spread: Int = Int(damage) &* 131 &+ Int(input.controlByte(7)) &* 7
    let at: Int = 8 + spread % max(1, bytes.count - 8)
    var damaged = bytes
    if damage & 1 == 0 {
      damaged[at] ^= 1 << (damage >> 1 & 7)
    } else {
      damaged.removeSubrange(at...)
    }
    let outcome = read(damaged, options: TraceReadOptions(allowOutOfOrder: true))
    guard let error = outcome.error else { fuzzFailure("damage at byte \(at) of \(bytes.count) went unnoticed") }
    fuzzCheck(binaryErrors.contains(error.kind), "damage gave \(error.kind): \(error)")
    fuzzCheck(Array(records.prefix(outcome.records.count)) == outcome.records, "records before the damage differ")
  }

  /// Writes `records` as a binary log with windows and frames the flags pick, reads it back and
  /// requires the same records; returns the log.
  @discardableResult
  static func checkRewrite(_ records: [TraceRecord], flags: UInt8) -> [UInt8]? {
    let writer: BinaryLogWriter
    do {
      writer = try BinaryLogWriter(
        inMemory: "fuzz.mrlog", compressionLevel: flags & 2 != 0 ? nil : 1,
        sessionWindow: [1, 2, 7, 4096][Int(flags >> 2 & 3)], stringWindow: [1, 3, 4096, 2][Int(flags >> 4 & 3)],
        frameBytes: [1, 64, 1000, 1 << 20][Int(flags >> 6 & 3)])
      for record in records { try writer.write(record) }
      try writer.finish()
    } catch {
      fuzzFailure("records every reader accepts were refused by the binary writer: \(error)")
    }
    let outcome = read(writer.bytes, options: TraceReadOptions(allowOutOfOrder: true))
    if let error = outcome.error { fuzzFailure("a binary log the writer made does not read back: \(error)") }
    fuzzCheck(outcome.records == records, "records changed through the binary log")
    return writer.bytes
  }

  static func read(_ bytes: [UInt8], options: TraceReadOptions) -> ReadOutcome {
    var outcome = ReadOutcome()
    do {
      let reader = try TraceReader(bytes: bytes, name: "fuzz.mrlog", options: options)
      while let record = try reader.next() { outcome.records.append(record) }
    } catch {
      outcome.error = error
    }
    return outcome
  }

  /// The payload with the header's and each frame's checksums recomputed, as far as the frame
  /// lengths lead.
  static func resealed(_ payload: [UInt8]) -> [UInt8] {
    var bytes = payload
    guard bytes.count >= 28 else { return bytes }
    seal(&bytes, over: 0..<24, at: 24)
    var offset = 28
    while offset + 24 <= bytes.count {
      let length = Int(littleEndian32(bytes, offset + 8))
      let end = offset + 24 + length
      if end <= bytes.count { seal(&bytes, over: (offset + 24)..<end, at: offset + 16) }
      seal(&bytes, over: offset..<(offset + 20), at: offset + 20)
      offset = end
    }
    return bytes
  }

  static func seal(_ bytes: inout [UInt8], over range: Range<Int>, at position: Int) {
    let checksum = CRC32C.checksum(Array(bytes[range]))
    for i in 0..<4 { bytes[position + i] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt32(i))) }
  }

  static func littleEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
  }
}
