import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Copies a stream that can be read only once (standard input, a FIFO, a character device) to
/// an anonymous temporary file, so that the format probe, the capacity sample and every
/// policy's reader see the same bytes.
///
/// The file is created under `TMPDIR` (else `/tmp`) with a random name, `O_EXCL|O_NOFOLLOW` and
/// mode 0600, so nobody can plant a symlink or read it, and is unlinked at once: the open
/// descriptor keeps it readable and nothing is left behind however the process ends. Bytes are
/// kept as they came (a zstd stream stays compressed).
enum Spool {
  /// The bytes of `source` until its end, in a file only the returned descriptor reaches.
  static func copy(from source: Int32, name: String) throws(TraceError) -> SharedDescriptor {
    let directory = SecureCreation.temporaryDirectory
    let descriptor = try createAnonymousFile(in: directory, for: name)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    var size = 0
    while true {
      let n = read(source, buffer.baseAddress, buffer.count)
      if n < 0 {
        if errno == EINTR { continue }
        let reason = ByteSource.errnoText()
        close(descriptor)
        throw TraceError(.io, file: name, message: "read failed: \(reason)", hint: "check what feeds the input")
      }
      if n == 0 { break }
      var written = 0
      while written < n {
        let w = write(descriptor, buffer.baseAddress.map { $0 + written }, n - written)
        if w < 0 && errno == EINTR { continue }
        guard w > 0 else {
          let reason = ByteSource.errnoText()
          close(descriptor)
          throw TraceError(
            .io, file: name, message: "cannot copy the input to a temporary file in \(directory): \(reason)",
            hint: "set TMPDIR to a directory with room for the whole log (it is kept as it comes, compressed or not)")
        }
        written += w
      }
      size += n
    }
    return SharedDescriptor(descriptor: descriptor, start: 0, size: size, closesOnRelease: true)
  }

  /// A new, empty, already unlinked file in `directory`, open for reading and writing.
  static func createAnonymousFile(in directory: String, for name: String) throws(TraceError) -> Int32 {
    do {
      let created = try SecureCreation.createFile(in: directory, prefix: ".muroute-spool-", readable: true)
      // Registered only for the instant it has a name, so an interruption then removes it too.
      unlink(created.path)
      TemporaryFiles.unregister(created.path)
      return created.fd
    } catch {
      throw TraceError(
        .io, file: name, message: "cannot create a temporary file in \(directory): \(error.reason)",
        hint: "set TMPDIR to a writable directory with room for the whole log")
    }
  }
}
