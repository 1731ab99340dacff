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
      // A random, exclusive, private name beside the output, so the final rename stays on one
      // file system and no other user can predict or pre-plant it.
      let slash = path.lastIndex(of: "/")
      let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
      let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
      do {
        (temporaryPath, fd) = try { () throws(SecureCreation.Failure) in
          let created = try SecureCreation.createFile(in: directory, prefix: ".\(name).muroute-tmp-")
          return (Optional(created.path), created.fd)
        }()
      } catch {
        throw TraceError(
          .io, file: path, message: "cannot create a temporary file beside it: \(error.reason)",
          hint: "check that the directory exists and is writable")
      }
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
      // Private (0600) while written; the usual mode once it is the user's file.
      let mode = 0o644 & ~SecureCreation.currentUmask()
      guard fchmod(fd, mode) == 0, fsync(fd) == 0 || errno == EINVAL else {
        throw TraceError(
          .io, file: path, message: "cannot finish the output: \(ByteSource.errnoText())",
          hint: "check free space and permissions")
      }
      // One step with the cleanup of an interruption: the output is in place or removed, and
      // the message that follows says which.
      let moved = TemporaryFiles.uninterruptible { () -> Bool in
        guard rename(temporaryPath, path) == 0 else { return false }
        TemporaryFiles.unregister(temporaryPath)
        return true
      }
      guard moved else {
        throw TraceError(
          .io, file: path, message: "cannot move the output into place: \(ByteSource.errnoText())",
          hint: "check free space and permissions")
      }
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
    guard var base = bytes.baseAddress else { return }
    var left = bytes.count
    while left > 0 {
      let n = Glibc.write(fd, base, left)
      if n < 0 {
        if errno == EINTR { continue }
        throw TraceError(
          .io, file: path, message: "write failed: \(ByteSource.errnoText())",
          hint: "check free space and permissions")
      }
      left -= n
      base += n
    }
  }
}
