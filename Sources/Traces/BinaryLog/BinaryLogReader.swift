import CZstd
import Workload

/// Reads muroute's binary request log frame by frame: checks the header's version and every
/// checksum, decompresses each frame once into a reused buffer and decodes its records.
///
/// Damage is a `TraceError` naming the file, the record and the frame's byte offset (an offset
/// in the decompressed stream when the whole file was zstd-compressed again); nothing of a
/// frame whose checksum fails is handed out.
final class BinaryLogReader {
  let path: String
  private let source: ByteSource
  private var decoder: BinaryRecordDecoder
  private var dctx: OpaquePointer?
  /// The current frame's bytes as stored, and decompressed (when it is compressed).
  private var stored = FrameBuffer()
  private var decompressed = FrameBuffer()
  private var cursor = ByteCursor(UnsafeRawBufferPointer(start: nil, count: 0))
  private var recordsLeftInFrame = 0
  /// Offset in the (decompressed) stream of the next byte to read, and of the current frame.
  private var offset = 0
  private var frameOffset = 0
  private var ended = false
  /// Records decoded so far.
  private(set) var recordsRead = 0

  /// Reads and checks the header; the source must start at the magic bytes.
  init(source: ByteSource, options: TraceReadOptions) throws(TraceError) {
    self.source = source
    path = source.path
    var header = [UInt8](repeating: 0, count: BinaryLogFormat.headerLength)
    let got = try Self.read(source, into: &header, offset: 0, count: 12)
    guard got >= 8, header.starts(with: BinaryLogFormat.magic) else {
      throw TraceError(
        .unknownFormat, file: path, message: "not a muroute binary log (the magic bytes are missing)",
        hint: "check that this is a .mrlog file, or drop --format mrlog to detect the format")
    }
    guard got == 12 else { throw Self.truncated(path, "in its header", records: 0) }
    let version = Self.littleEndian32(header, at: 8)
    guard version <= BinaryLogFormat.version, version > 0 else {
      throw TraceError(
        version == 0 ? .corruptLog : .unsupportedVersion, file: path,
        message: "binary log version \(version); this muroute reads version \(BinaryLogFormat.version)",
        hint: version == 0
          ? "the header is damaged: convert the source log again"
          : "read it with the newer muroute that wrote it, or convert the source log again with this one ('muroute convert LOG -o FILE.mrlog')"
      )
    }
    let rest = try Self.read(source, into: &header, offset: 12, count: BinaryLogFormat.headerLength - 12)
    offset = 12 + rest
    guard rest == BinaryLogFormat.headerLength - 12 else { throw Self.truncated(path, "in its header", records: 0) }
    guard header.withUnsafeBytes({ CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<24])) }) == Self.littleEndian32(header, at: 24)
    else {
      throw TraceError(
        .corruptLog, file: path, message: "the header's checksum does not match (byte offset 0)",
        hint: "the file is damaged: convert the source log again")
    }
    let sessionWindow = Int(Self.littleEndian32(header, at: 12))
    let stringWindow = Int(Self.littleEndian32(header, at: 16))
    let windows = 1...BinaryLogFormat.maximumWindow
    guard windows.contains(sessionWindow), windows.contains(stringWindow), Self.littleEndian32(header, at: 20) == 0 else {
      throw TraceError(
        .corruptLog, file: path, message: "the header's windows or flags are out of range (byte offset 12)",
        hint: "the file is damaged or from a newer muroute: convert the source log again")
    }
    decoder = BinaryRecordDecoder(
      sessionWindow: sessionWindow, stringWindow: stringWindow, defaultBlockSize: options.defaultBlockSize)
  }

  deinit {
    if let dctx { ZSTD_freeDCtx(dctx) }
    stored.release()
    decompressed.release()
  }

  /// The next record, or nil after the end frame.
  @inline(__always)
  func next() throws(TraceError) -> TraceRecord? {
    while recordsLeftInFrame == 0 {
      if ended { return nil }
      try loadFrame()
    }
    let record: TraceRecord
    do {
      record = try decoder.decode(&cursor)
    } catch {
      throw damaged(error.field, error.message)
    }
    recordsRead += 1
    recordsLeftInFrame -= 1
    if recordsLeftInFrame == 0 && !cursor.isAtEnd {
      throw damaged(nil, "\(cursor.end - cursor.position) bytes follow the frame's last record")
    }
    return record
  }

  private func loadFrame() throws(TraceError) {
    frameOffset = offset
    var header = [UInt8](repeating: 0, count: BinaryLogFormat.frameHeaderLength)
    let got = try Self.read(source, into: &header, offset: 0, count: header.count)
    offset += got
    guard got == header.count else {
      throw Self.truncated(path, got == 0 ? "before its end frame" : "inside a frame header", records: recordsRead, at: frameOffset)
    }
    guard header.withUnsafeBytes({ CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<20])) }) == Self.littleEndian32(header, at: 20)
    else { throw frameDamage("the frame header's checksum does not match") }
    let kind = BinaryLogFormat.FrameKind(rawValue: header[0])
    let codec = BinaryLogFormat.Codec(rawValue: header[1])
    let records = Int(Self.littleEndian32(header, at: 4))
    let storedLength = Int(Self.littleEndian32(header, at: 8))
    let rawLength = Int(Self.littleEndian32(header, at: 12))
    guard let kind, let codec, header[2] == 0, header[3] == 0, storedLength <= BinaryLogFormat.maximumFrameBytes,
      rawLength <= BinaryLogFormat.maximumFrameBytes, codec == .zstd || storedLength == rawLength,
      kind == .end || records > 0
    else { throw frameDamage("the frame header is not valid (kind \(header[0]), codec \(header[1]))") }
    try readStored(storedLength)
    guard CRC32C.checksum(stored.bytes(storedLength)) == Self.littleEndian32(header, at: 16) else {
      throw frameDamage("the frame's checksum does not match")
    }
    if kind == .end { return try endFrame(storedLength) }
    let payload: UnsafeRawBufferPointer
    if codec == .zstd {
      payload = try decompress(storedLength, into: rawLength)
    } else {
      payload = stored.bytes(storedLength)
    }
    cursor = ByteCursor(payload)
    recordsLeftInFrame = records
  }

  private func endFrame(_ length: Int) throws(TraceError) {
    let bytes = stored.bytes(length)
    guard length == 8 else { throw frameDamage("the end frame is not 8 bytes long") }
    let total = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
    guard total == UInt64(recordsRead) else {
      throw frameDamage("the end frame counts \(total) records but the frames held \(recordsRead)")
    }
    var extra: [UInt8] = [0]
    guard try Self.read(source, into: &extra, offset: 0, count: 1) == 0 else {
      throw TraceError(
        .corruptLog, file: path, message: "bytes follow the end frame (byte offset \(offset))",
        hint: "the file is damaged or two logs were joined: convert the source logs again")
    }
    ended = true
  }

  private func readStored(_ length: Int) throws(TraceError) {
    // Grown as the bytes arrive, so a damaged length cannot reserve memory the file lacks.
    var got = 0
    while got < length {
      let step = min(length - got, 1 << 20)
      stored.reserve(got + step, keeping: got)
      let n = try Self.fill(source, stored.pointer + got, count: step)
      offset += n
      got += n
      if n < step { throw Self.truncated(path, "inside a frame", records: recordsRead, at: frameOffset) }
    }
  }

  private func decompress(_ storedLength: Int, into rawLength: Int) throws(TraceError) -> UnsafeRawBufferPointer {
    if dctx == nil { dctx = ZSTD_createDCtx() }
    let source = stored.bytes(storedLength)
    let size = ZSTD_getFrameContentSize(source.baseAddress, storedLength)
    guard size == UInt64(rawLength) else { throw frameDamage("the frame's zstd data does not hold \(rawLength) bytes") }
    decompressed.reserve(rawLength, keeping: 0)
    let result = ZSTD_decompressDCtx(dctx, decompressed.pointer, rawLength, source.baseAddress, storedLength)
    guard ZSTD_isError(result) == 0, result == rawLength else {
      throw frameDamage("the frame's zstd data does not decode")
    }
    return decompressed.bytes(rawLength)
  }

  private func frameDamage(_ message: String) -> TraceError {
    TraceError(
      .corruptLog, file: path, message: "\(message) (frame at byte offset \(frameOffset), after record \(recordsRead))",
      hint: "the file is damaged: convert the source log again")
  }

  private func damaged(_ field: String?, _ message: String) -> TraceError {
    TraceError(
      .corruptLog, file: path, field: field,
      message: "record \(recordsRead + 1) (in the frame at byte offset \(frameOffset)): \(message)",
      hint: "the file is damaged or was written by a faulty muroute: convert the source log again")
  }

  private static func truncated(_ path: String, _ place: String, records: Int, at offset: Int = 0) -> TraceError {
    TraceError(
      .truncatedLog, file: path,
      message: "the binary log ends \(place) (byte offset \(offset), after record \(records))",
      hint: "the file was cut short: copy it again or convert the source log again")
  }

  /// Reads up to `count` bytes into `buffer[offset...]`; fewer only at the end of the stream.
  private static func read(_ source: ByteSource, into buffer: inout [UInt8], offset: Int, count: Int) throws(TraceError) -> Int {
    let result = buffer.withUnsafeMutableBytes { all in
      Result { () throws(TraceError) -> Int in
        guard let base = all.baseAddress else { return 0 }
        return try fill(source, base + offset, count: count)
      }
    }
    return try result.get()
  }

  private static func fill(_ source: ByteSource, _ target: UnsafeMutableRawPointer, count: Int) throws(TraceError) -> Int {
    var got = 0
    while got < count {
      let n = try source.fill(UnsafeMutableRawBufferPointer(start: target + got, count: count - got))
      if n == 0 { break }
      got += n
    }
    return got
  }

  private static func littleEndian32(_ bytes: [UInt8], at index: Int) -> UInt32 {
    UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
  }
}

/// A growable byte buffer reused from frame to frame.
struct FrameBuffer {
  private(set) var pointer = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
  private var capacity = 16

  /// Room for `count` bytes, the first `keeping` of them preserved.
  mutating func reserve(_ count: Int, keeping: Int) {
    guard count > capacity else { return }
    let grown = UnsafeMutableRawPointer.allocate(byteCount: max(count, capacity * 2), alignment: 16)
    if keeping > 0 { grown.copyMemory(from: pointer, byteCount: keeping) }
    pointer.deallocate()
    pointer = grown
    capacity = max(count, capacity * 2)
  }

  func bytes(_ count: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: count) }

  func release() { pointer.deallocate() }
}
