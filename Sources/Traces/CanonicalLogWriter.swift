import CZstd
import TemporaryFiles
import Workload

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes records as canonical JSON Lines, optionally zstd-compressed, streaming and atomically:
/// the output appears under its name only after `finish()` (a temporary file in the same
/// directory is renamed). `-` writes to stdout.
public final class CanonicalLogWriter {
  /// The destination path.
  public let path: String
  private let temporaryPath: String?
  private let fd: Int32
  private var cctx: OpaquePointer?
  private var pending: [UInt8] = []
  private var compressed: UnsafeMutableRawBufferPointer
  private var finished = false
  /// Records written so far.
  public private(set) var recordsWritten = 0

  private static let flushThreshold = 1 << 20

  /// Opens the writer; `compressionLevel` nil writes plain text, else a zstd level (1...19).
  public init(path: String, compressionLevel: Int?) throws(TraceError) {
    self.path = path
    if path == "-" {
      fd = 1
      temporaryPath = nil
    } else {
      let temp = CanonicalLogWriter.temporaryName(for: path)
      let opened = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      guard opened >= 0 else {
        throw TraceError(.io, file: path, message: "cannot create \(temp): \(ByteSource.errnoText())",
          hint: "check that the directory exists and is writable")
      }
      fd = opened
      temporaryPath = temp
      TemporaryFiles.register(temp)
    }
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
    if fd != 1 { close(fd) }
    if let temporaryPath {
      if !finished { unlink(temporaryPath) }
      TemporaryFiles.unregister(temporaryPath)
    }
  }

  private static func temporaryName(for path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    return "\(directory).\(name).tmp-\(getpid())"
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
    if let temporaryPath {
      guard fsync(fd) == 0 || errno == EINVAL, rename(temporaryPath, path) == 0 else {
        throw TraceError(.io, file: path, message: "cannot move the output into place: \(ByteSource.errnoText())",
          hint: "check free space and permissions")
      }
      TemporaryFiles.unregister(temporaryPath)
    }
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
          throw TraceError(.io, file: path, message: "zstd compression failed: \(String(cString: ZSTD_getErrorName(remaining)))",
            hint: "try another compression level")
        }
        try writeAll(UnsafeRawBufferPointer(rebasing: compressed[0..<output.pos]))
        let done = end ? remaining == 0 : input.pos == input.size
        if done { break }
      }
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(TraceError) {
    guard var base = bytes.baseAddress else { return }
    var left = bytes.count
    while left > 0 {
      let n = Glibc.write(fd, base, left)
      if n < 0 {
        if errno == EINTR { continue }
        throw TraceError(.io, file: path, message: "write failed: \(ByteSource.errnoText())",
          hint: "check free space and permissions")
      }
      left -= n
      base += n
    }
  }
}
