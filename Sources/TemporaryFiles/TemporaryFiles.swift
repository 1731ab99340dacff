#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files and directories that a run is writing and that are not yet in place: a report's
/// staging directory, a log being converted, the sorted runs of an external sort.
///
/// When the process is interrupted (SIGINT, SIGTERM), `removeAllForExit()` deletes them, so an
/// interrupted nightly job leaves the previous report and no debris. A step that must never be
/// cut in half, such as swapping a finished report into place, runs inside `uninterruptible`:
/// an interruption waits for it to end.
public enum TemporaryFiles {
  /// Remembers `path` as temporary until `unregister`.
  public static func register(_ path: String) { registry.withLock { $0.insert(path) } }

  /// Forgets `path` (it was moved into place or removed).
  public static func unregister(_ path: String) { registry.withLock { $0.remove(path) } }

  /// Runs `body` with interruption cleanup held off until it returns.
  public static func uninterruptible<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    try registry.withLock { (_: inout Set<String>) throws(E) -> T in try body() }
  }

  /// Removes every registered path and keeps the registry locked, so that no writer can start
  /// an uninterruptible step afterwards: the caller is about to exit. Returns the paths removed.
  @discardableResult
  public static func removeAllForExit() -> [String] {
    registry.lockForever { paths in
      let sorted = paths.sorted()
      for path in sorted { _ = removeTree(path) }
      return sorted
    }
  }

  /// Removes a file or a directory tree; a missing path is fine. Returns nil on success, else
  /// the path that could not be removed and why.
  public static func removeTree(_ path: String) -> (path: String, reason: String)? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      guard let children = entries(of: path) else { return (path, errnoText()) }
      for child in children {
        if let failure = removeTree(path + "/" + child) { return failure }
      }
      return rmdir(path) == 0 ? nil : (path, errnoText())
    }
    return unlink(path) == 0 ? nil : (path, errnoText())
  }

  /// The names in directory `path` (without `.` and `..`), or nil when it cannot be read.
  public static func entries(of path: String) -> [String]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// The directory holding `path` (`.` for a bare name).
  public static func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// The current `errno` as text.
  public static func errnoText() -> String { String(cString: strerror(errno)) }

  private static let registry = LockedPaths()
}

/// A set of paths behind a recursive POSIX mutex: an uninterruptible step may register and
/// unregister paths on its own thread, while the interrupt handler's thread waits.
private final class LockedPaths: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private var paths: Set<String> = []

  init() {
    mutex = .allocate(capacity: 1)
    var attributes = pthread_mutexattr_t()
    pthread_mutexattr_init(&attributes)
    pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
    pthread_mutex_init(mutex, &attributes)
    pthread_mutexattr_destroy(&attributes)
  }

  func withLock<T, E: Error>(_ body: (inout Set<String>) throws(E) -> T) throws(E) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body(&paths)
  }

  func lockForever<T>(_ body: (inout Set<String>) -> T) -> T {
    pthread_mutex_lock(mutex)
    return body(&paths)
  }
}
