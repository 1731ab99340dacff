import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A log being written: bytes go to a private temporary file beside `path`, which takes the
/// name only in `finish()`, so a reader never sees half a log. `-` writes to stdout.
final class OutputFile {
  /// The destination path.
  let path: String
  private let temporaryPath: String?
  private let fd: Int32
  private var finished = false

  init(path: String) throws(TraceError) {
    self.path = path
    if path == "-" {
      fd = 1
      temporaryPath = nil
      return
    }
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

  deinit {
    if fd != 1 { close(fd) }
    if let temporaryPath {
      if !finished { unlink(temporaryPath) }
      TemporaryFiles.unregister(temporaryPath)
    }
  }

  /// Writes every byte, retrying short writes and interruptions.
  func write(_ bytes: UnsafeRawBufferPointer) throws(TraceError) {
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

  /// Syncs the file and moves it into place under its name.
  func finish() throws(TraceError) {
    guard !finished else { return }
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
}
