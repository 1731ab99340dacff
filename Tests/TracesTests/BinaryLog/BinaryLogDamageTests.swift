import CZstd
import Foundation
import Testing
import Workload

@testable import Traces

/// A damaged, cut or future binary log is a typed error naming the file and where; whatever
/// was handed out before it is exactly the log's first records.
@Suite struct BinaryLogDamageTests {
  static func sample() throws -> (records: [TraceRecord], bytes: [UInt8]) {
    var random = RandomRecords(seed: 11)
    let records = random.records(60)
    return (records, try BinaryLogTestSupport.encode(records, level: 3, sessionWindow: 3, stringWindow: 2, frameBytes: 400))
  }

  static let binaryKinds: Set<TraceError.Kind> = [.corruptLog, .truncatedLog, .unsupportedVersion]

  /// Every single-byte change anywhere in the file is caught: the checksums cover the header,
  /// every frame header and every payload.
  @Test func everyDamagedByteIsAnError() throws {
    let (records, bytes) = try Self.sample()
    #expect(bytes.count > 1000)
    for position in 0..<bytes.count {
      var damaged = bytes
      damaged[position] ^= position < 8 ? 0x01 : UInt8(1 + position % 255)
      // The magic bytes are what mark a binary log: damaged, the file is read as text.
      let (read, error) = BinaryLogTestSupport.read(damaged, options: TraceReadOptions(format: .mrlog, allowOutOfOrder: true))
      guard let error else {
        Issue.record("byte \(position) changed and the log still read (\(read.count) records)")
        return
      }
      #expect(BinaryLogTestSupport.difference(Array(records.prefix(read.count)), read) == nil, "byte \(position): records before the error differ")
      if position >= 8 {
        #expect(Self.binaryKinds.contains(error.kind), "byte \(position): \(error)")
        #expect(error.file == "test.mrlog")
      }
    }
  }

  /// Cut anywhere, the log reports that it was cut and where, never a short read that looks whole.
  @Test func everyTruncationIsAnError() throws {
    let (records, bytes) = try Self.sample()
    for length in 8..<bytes.count {
      let (read, error) = BinaryLogTestSupport.read(Array(bytes.prefix(length)))
      #expect(error?.kind == .truncatedLog, "cut at \(length): \(String(describing: error))")
      #expect(BinaryLogTestSupport.difference(Array(records.prefix(read.count)), read) == nil)
    }
    var error = BinaryLogTestSupport.read(Array(bytes.prefix(100))).error
    #expect(error?.description.hasPrefix("test.mrlog: the binary log ends inside a frame (byte offset 28") == true)
    error = BinaryLogTestSupport.read(bytes + [0]).error
    #expect(error?.kind == .corruptLog)
    #expect(error?.message.contains("bytes follow the end frame") == true)
  }

  /// A payload whose checksum matches but whose records are malformed (a writer bug, or a
  /// forged checksum) is still an error naming the record and the frame.
  @Test func malformedRecordsNameTheRecord() throws {
    let records = [
      TraceRecord(arrivalNanos: 0, inputTokens: 1, outputTokens: 1, tenant: "a"),
      TraceRecord(arrivalNanos: 1, inputTokens: 1, outputTokens: 1, tenant: "a"),
    ]
    var bytes = try BinaryLogTestSupport.encode(records, level: nil)
    // Header 28 + frame header 24; record 1 is 7 bytes (flags, ts, in, out, 0, 1, "a") plus its
    // empty prefix; record 2 refers to tenant slot 0 as 1: make it slot 5.
    let record2Tenant = 28 + 24 + 8 + 4
    #expect(bytes[record2Tenant] == 1)
    bytes[record2Tenant] = 6
    let payload = bytes[52..<(52 + 14)]
    let checksum = payload.withUnsafeBytes { CRC32C.checksum($0) }
    for i in 0..<4 { bytes[28 + 16 + i] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt32(i))) }
    let header = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[28..<48])) }
    for i in 0..<4 { bytes[28 + 20 + i] = UInt8(truncatingIfNeeded: header >> (8 * UInt32(i))) }
    let (read, error) = BinaryLogTestSupport.read(bytes)
    #expect(read == Array(records.prefix(1)))
    #expect(error?.kind == .corruptLog)
    #expect(error?.field == "tenant")
    #expect(error?.message.hasPrefix("record 2 (in the frame at byte offset 28)") == true)
  }

  /// A log from a newer muroute says which version it is and what to do.
  @Test func aNewerVersionSaysWhatToDo() throws {
    var bytes = try BinaryLogTestSupport.encode([TraceRecord(arrivalNanos: 0, inputTokens: 1, outputTokens: 1)])
    bytes[8] = 2
    BinaryLogTestSupport.resealHeader(&bytes)
    let error = BinaryLogTestSupport.read(bytes).error
    #expect(error?.kind == .unsupportedVersion)
    #expect(error?.message == "binary log version 2; this muroute reads version 1")
    #expect(error?.hint.contains("muroute convert") == true)
    // Even when the rest of the header is laid out differently (its checksum elsewhere).
    bytes[24] ^= 0xFF
    #expect(BinaryLogTestSupport.read(bytes).error?.kind == .unsupportedVersion)
  }

  /// A forced text format on a binary log, or the binary format on a text log, is refused.
  @Test func formatsAreNotConfused() throws {
    let bytes = try BinaryLogTestSupport.encode([TraceRecord(arrivalNanos: 0, inputTokens: 1, outputTokens: 1)])
    let forcedText = BinaryLogTestSupport.read(bytes, options: TraceReadOptions(format: .canonicalJSONL))
    #expect(forcedText.error?.kind == .unknownFormat)
    let text = Array(#"{"ts":0,"input_tokens":1,"output_tokens":1}"#.utf8) + [0x0A]
    let forcedBinary = BinaryLogTestSupport.read(text, options: TraceReadOptions(format: .mrlog))
    #expect(forcedBinary.error?.kind == .unknownFormat)
    #expect(BinaryLogTestSupport.read(text).records.count == 1)
  }

  /// Arrival order is checked as for every log: an earlier arrival is an out-of-order error
  /// naming the record, unless out-of-order records are allowed.
  @Test func arrivalOrderIsCheckedByRecord() throws {
    let records = [
      TraceRecord(arrivalNanos: 5, inputTokens: 1, outputTokens: 1),
      TraceRecord(arrivalNanos: 4, inputTokens: 1, outputTokens: 1),
    ]
    let bytes = try BinaryLogTestSupport.encode(records)
    let strict = BinaryLogTestSupport.read(bytes, options: TraceReadOptions())
    #expect(strict.error?.kind == .outOfOrder)
    #expect(strict.error?.line == 2)
    #expect(BinaryLogTestSupport.difference(records, BinaryLogTestSupport.read(bytes).records) == nil)
  }

  /// The whole file zstd-compressed again still reads: detection looks at the decompressed bytes.
  @Test func aCompressedBinaryLogReads() throws {
    let (records, bytes) = try Self.sample()
    var zstd = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
    let size = zstd.withUnsafeMutableBytes { out in
      bytes.withUnsafeBytes { ZSTD_compress(out.baseAddress, out.count, $0.baseAddress, $0.count, 3) }
    }
    zstd.removeSubrange(size...)
    let (read, error) = BinaryLogTestSupport.read(zstd, name: "x.mrlog.zst")
    #expect(error == nil)
    #expect(BinaryLogTestSupport.difference(records, read) == nil)
  }
}
