#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Temporary files and directories that another local user can neither predict nor redirect:
/// random names, created with `O_CREAT | O_EXCL | O_NOFOLLOW` (or `mkdir`, which never follows a
/// link), private modes (0600, 0700) until they are moved into place, and registered for
/// removal on interruption in the same step that creates them.
public enum SecureCreation {
  /// Why a temporary path could not be created.
  public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot create '\(path)': \(reason)" }
  }

  /// The directory for temporary files: `TMPDIR` when set to an absolute path, else `/tmp`.
  public static var temporaryDirectory: String {
    if let value = getenv("TMPDIR").map({ String(cString: $0) }), value.hasPrefix("/") {
      return value.count > 1 && value.hasSuffix("/") ? String(value.dropLast()) : value
    }
    return "/tmp"
  }

  /// 16 random hexadecimal digits (64 bits from the system's generator).
  public static func randomSuffix() -> String {
    var generator = SystemRandomNumberGenerator()
    let value = generator.next() as UInt64
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Creates and opens for writing (`readable`: reading too) a new file
  /// `<directory>/<prefix><random><suffix>`, mode 0600, registered with `TemporaryFiles`. The
  /// caller owns the descriptor.
  public static func createFile(
    in directory: String, prefix: String, suffix: String = "", readable: Bool = false
  ) throws(Failure) -> (path: String, fd: Int32) {
    try TemporaryFiles.uninterruptible { () throws(Failure) -> (path: String, fd: Int32) in
      for _ in 0..<64 {
        let path = "\(directory)/\(prefix)\(randomSuffix())\(suffix)"
        let fd = open(path, (readable ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd >= 0 {
          TemporaryFiles.register(path)
          return (path, fd)
        }
        if errno != EEXIST { throw Failure(path: path, reason: TemporaryFiles.errnoText()) }
      }
      throw Failure(path: "\(directory)/\(prefix)*", reason: "64 random names were all taken")
    }
  }

  /// Creates a new directory `<directory>/<prefix><random>`, mode 0700, registered with
  /// `TemporaryFiles`.
  public static func createDirectory(in directory: String, prefix: String) throws(Failure) -> String {
    try TemporaryFiles.uninterruptible { () throws(Failure) -> String in
      for _ in 0..<64 {
        let path = "\(directory)/\(prefix)\(randomSuffix())"
        if mkdir(path, 0o700) == 0 {
          TemporaryFiles.register(path)
          return path
        }
        if errno != EEXIST { throw Failure(path: path, reason: TemporaryFiles.errnoText()) }
      }
      throw Failure(path: "\(directory)/\(prefix)*", reason: "64 random names were all taken")
    }
  }

  /// The process's file-creation mask (read without changing it for longer than a call).
  public static func currentUmask() -> mode_t {
    TemporaryFiles.uninterruptible {
      let mask = umask(0o022)
      umask(mask)
      return mask
    }
  }
}
