#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An open file that several readers read at once, each at its own offset (`pread`), so one
/// copy of standard input or a FIFO serves every policy's reader without reopening anything.
///
/// The descriptor is closed when the last reader and log set holding it are gone.
public final class SharedDescriptor: Sendable {
  let descriptor: Int32
  /// Where the log's bytes begin (standard input redirected from a file may start mid-file).
  let start: Int64
  /// Bytes from `start` to the end when the file was opened, for progress.
  public let size: Int
  private let closesOnRelease: Bool

  init(descriptor: Int32, start: Int64, size: Int, closesOnRelease: Bool) {
    self.descriptor = descriptor
    self.start = start
    self.size = size
    self.closesOnRelease = closesOnRelease
  }

  deinit {
    if closesOnRelease { close(descriptor) }
  }
}
