import CZstd
import Workload

/// Writes muroute's binary request log (`docs/binary-log.md`): a header, then frames of records
/// (zstd-compressed unless told otherwise, each with a checksum), then an end frame with the
/// record count. Streaming and atomic like `CanonicalLogWriter`: the file takes its name in
/// `finish()`. After an error the writer is unusable.
public final class BinaryLogWriter: RecordWriter {
  /// The destination path (or the name given to an in-memory log).
  public let path: String
  private let file: OutputFile?
  /// What has been written so far, when writing to memory.
  public private(set) var bytes: [UInt8] = []
  private var encoder: BinaryRecordEncoder
  private var pending: [UInt8] = []
  private var pendingRecords = 0
  private var cctx: OpaquePointer?
  private var compressed: [UInt8] = []
  private let frameBytes: Int
  private var failed = false
  private var finished = false
  /// Records written so far.
  public private(set) var recordsWritten = 0

  /// Sessions whose latest block list a reader keeps, unless told otherwise.
  public static let defaultSessionWindow = 4096
  /// Strings of each interned field a reader keeps, unless told otherwise.
  public static let defaultStringWindow = 4096
  /// Encoded record bytes gathered into one frame, unless told otherwise.
  public static let defaultFrameBytes = 1 << 20

  /// Opens a binary log at `path` (`-`: stdout). `compressionLevel` nil stores frames raw, else
  /// a zstd level (1...19). The windows bound what the reader keeps: the latest block lists of
  /// `sessionWindow` sessions and `stringWindow` strings of each interned field;
  /// `frameBytes`: encoded bytes per frame.
  public convenience init(
    path: String, compressionLevel: Int? = 3, sessionWindow: Int = BinaryLogWriter.defaultSessionWindow,
    stringWindow: Int = BinaryLogWriter.defaultStringWindow, frameBytes: Int = BinaryLogWriter.defaultFrameBytes
  ) throws(TraceError) {
    try self.init(
      path: path, file: try OutputFile(path: path), compressionLevel: compressionLevel,
      sessionWindow: sessionWindow, stringWindow: stringWindow, frameBytes: frameBytes)
  }

  /// A writer that keeps the log in `bytes` (for tests and the fuzz targets).
  public convenience init(
    inMemory name: String = "-", compressionLevel: Int? = 3, sessionWindow: Int = BinaryLogWriter.defaultSessionWindow,
    stringWindow: Int = BinaryLogWriter.defaultStringWindow, frameBytes: Int = BinaryLogWriter.defaultFrameBytes
  ) throws(TraceError) {
    try self.init(
      path: name, file: nil, compressionLevel: compressionLevel, sessionWindow: sessionWindow,
      stringWindow: stringWindow, frameBytes: frameBytes)
  }

  private init(
    path: String, file: OutputFile?, compressionLevel: Int?, sessionWindow: Int, stringWindow: Int, frameBytes: Int
  ) throws(TraceError) {
    self.path = path
    self.file = file
    let windows = 1...BinaryLogFormat.maximumWindow
    guard windows.contains(sessionWindow), windows.contains(stringWindow),
      (1...BinaryLogFormat.maximumFrameBytes / 2).contains(frameBytes)
    else {
      throw TraceError(
        .usage, file: path, message: "binary log windows or frame size out of range",
        hint: "windows take 1...\(BinaryLogFormat.maximumWindow) entries, frames 1...\(BinaryLogFormat.maximumFrameBytes / 2) bytes")
    }
    self.frameBytes = frameBytes
    encoder = BinaryRecordEncoder(sessionWindow: sessionWindow, stringWindow: stringWindow)
    if let level = compressionLevel {
      cctx = ZSTD_createCCtx()
      ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, Int32(clamping: level))
    }
    var header = BinaryLogFormat.magic
    VarInt.appendLittleEndian(BinaryLogFormat.version, to: &header)
    VarInt.appendLittleEndian(UInt32(sessionWindow), to: &header)
    VarInt.appendLittleEndian(UInt32(stringWindow), to: &header)
    VarInt.appendLittleEndian(UInt32(0), to: &header)
    VarInt.appendLittleEndian(CRC32C.checksum(header), to: &header)
    try emit(header[...])
    pending.reserveCapacity(frameBytes + 65_536)
  }

  deinit {
    if let cctx { ZSTD_freeCCtx(cctx) }
  }

  /// Appends one record; a value outside what readers accept is an error naming the field.
  public func write(_ record: TraceRecord) throws(TraceError) {
    try checkUsable()
    let start = pending.count
    do {
      try encoder.encode(record, into: &pending)
    } catch {
      // Validation runs before the encoder's state changes: the writer stays usable.
      pending.removeSubrange(start...)
      throw TraceError(
        .invalidValue, file: path, field: error.field,
        message: "record \(recordsWritten + 1): \(error.message)",
        hint: "a binary log holds only values the readers accept")
    }
    recordsWritten += 1
    pendingRecords += 1
    guard pending.count <= BinaryLogFormat.maximumFrameBytes else {
      failed = true
      throw TraceError(
        .invalidValue, file: path, field: "prefix_blocks",
        message: "record \(recordsWritten) takes \(pending.count - start) bytes, more than a frame holds",
        hint: "write this log as canonical JSON Lines instead")
    }
    if pending.count >= frameBytes { try flushFrame() }
  }

  /// Writes the last frames and moves the file into place.
  public func finish() throws(TraceError) {
    guard !finished else { return }
    try checkUsable()
    if pendingRecords > 0 { try flushFrame() }
    var total: [UInt8] = []
    VarInt.appendLittleEndian(UInt64(recordsWritten), to: &total)
    try emitFrame(kind: .end, codec: .raw, records: 0, stored: total[...], rawLength: total.count)
    try file?.finish()
    finished = true
  }

  private func checkUsable() throws(TraceError) {
    guard !failed, !finished else {
      throw TraceError(.usage, file: path, message: "the binary log writer is finished or failed", hint: "")
    }
  }

  private func flushFrame() throws(TraceError) {
    var codec = BinaryLogFormat.Codec.raw
    if let cctx {
      let bound = ZSTD_compressBound(pending.count)
      if compressed.count < bound { compressed = [UInt8](repeating: 0, count: bound) }
      let size = pending.withUnsafeBytes { source in
        compressed.withUnsafeMutableBytes { target in
          ZSTD_compress2(cctx, target.baseAddress, target.count, source.baseAddress, source.count)
        }
      }
      if ZSTD_isError(size) != 0 {
        failed = true
        throw TraceError(
          .io, file: path, message: "zstd compression failed: \(String(cString: ZSTD_getErrorName(size)))",
          hint: "try another compression level")
      }
      // Incompressible frames are stored as they are: reading them then costs nothing extra.
      if size < pending.count {
        codec = .zstd
        try emitFrame(
          kind: .records, codec: codec, records: pendingRecords, stored: compressed[0..<size], rawLength: pending.count)
      }
    }
    if codec == .raw {
      try emitFrame(kind: .records, codec: .raw, records: pendingRecords, stored: pending[...], rawLength: pending.count)
    }
    pending.removeAll(keepingCapacity: true)
    pendingRecords = 0
  }

  private func emitFrame(
    kind: BinaryLogFormat.FrameKind, codec: BinaryLogFormat.Codec, records: Int, stored: ArraySlice<UInt8>,
    rawLength: Int
  ) throws(TraceError) {
    var header: [UInt8] = [kind.rawValue, codec.rawValue, 0, 0]
    header.reserveCapacity(BinaryLogFormat.frameHeaderLength)
    VarInt.appendLittleEndian(UInt32(records), to: &header)
    VarInt.appendLittleEndian(UInt32(stored.count), to: &header)
    VarInt.appendLittleEndian(UInt32(rawLength), to: &header)
    VarInt.appendLittleEndian(stored.withUnsafeBytes { CRC32C.checksum($0) }, to: &header)
    VarInt.appendLittleEndian(CRC32C.checksum(header), to: &header)
    try emit(header[...])
    try emit(stored)
  }

  private func emit(_ data: ArraySlice<UInt8>) throws(TraceError) {
    guard let file else {
      bytes.append(contentsOf: data)
      return
    }
    let failure: TraceError? = data.withUnsafeBytes { buffer in
      do throws(TraceError) { try file.write(buffer) } catch { return error }
      return nil
    }
    if let failure {
      failed = true
      throw failure
    }
  }
}
