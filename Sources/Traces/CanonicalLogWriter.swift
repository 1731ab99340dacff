import CZstd
import Workload

/// Writes records as canonical JSON Lines, optionally zstd-compressed, streaming and atomically:
/// the output appears under its name only after `finish()` (a temporary file in the same
/// directory is renamed). `-` writes to stdout.
public final class CanonicalLogWriter: RecordWriter {
  /// The destination path.
  public var path: String { file.path }
  private let file: OutputFile
  private var cctx: OpaquePointer?
  private var pending: [UInt8] = []
  private var compressed: UnsafeMutableRawBufferPointer
  private var finished = false
  /// Records written so far.
  public private(set) var recordsWritten = 0

  private static let flushThreshold = 1 << 20

  /// Opens the writer; `compressionLevel` nil writes plain text, else a zstd level (1...19).
  public init(path: String, compressionLevel: Int?) throws(TraceError) {
    file = try OutputFile(path: path)
    compressed = .allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
    if let level = compressionLevel {
      cctx = ZSTD_createCCtx()
      ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, Int32(clamping: level))
      ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)
    }
    pending.reserveCapacity(CanonicalLogWriter.flushThreshold + 65_536)
  }

  deinit {
    if let cctx { ZSTD_freeCCtx(cctx) }
    compressed.deallocate()
  }

  /// Appends one record.
  public func write(_ record: TraceRecord) throws(TraceError) {
    CanonicalLogWriter.encode(record, into: &pending)
    recordsWritten += 1
    if pending.count >= CanonicalLogWriter.flushThreshold { try flush(end: false) }
  }

  /// Flushes, ends the zstd frame and moves the file into place.
  public func finish() throws(TraceError) {
    guard !finished else { return }
    try flush(end: true)
    try file.finish()
    finished = true
  }

  private func flush(end: Bool) throws(TraceError) {
    guard let cctx else {
      let failure: TraceError? = pending.withUnsafeBytes { bytes in
        do throws(TraceError) { try writeAll(bytes) } catch { return error }
        return nil
      }
      if let failure { throw failure }
      pending.removeAll(keepingCapacity: true)
      return
    }
    let failure: TraceError? = pending.withUnsafeBytes { bytes in
      do throws(TraceError) { try compress(bytes, cctx: cctx, end: end) } catch { return error }
      return nil
    }
    if let failure { throw failure }
    pending.removeAll(keepingCapacity: true)
  }

  private func compress(_ bytes: UnsafeRawBufferPointer, cctx: OpaquePointer, end: Bool) throws(TraceError) {
    var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
    let mode = end ? ZSTD_e_end : ZSTD_e_continue
    while true {
      var output = ZSTD_outBuffer(dst: compressed.baseAddress, size: compressed.count, pos: 0)
      let remaining = ZSTD_compressStream2(cctx, &output, &input, mode)
      if ZSTD_isError(remaining) != 0 {
        throw TraceError(
          .io, file: path, message: "zstd compression failed: \(String(cString: ZSTD_getErrorName(remaining)))",
          hint: "try another compression level")
      }
      try writeAll(UnsafeRawBufferPointer(rebasing: compressed[0..<output.pos]))
      let done = end ? remaining == 0 : input.pos == input.size
      if done { break }
    }
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(TraceError) {
    try file.write(bytes)
  }
}
