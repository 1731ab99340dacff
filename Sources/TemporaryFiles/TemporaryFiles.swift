#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Files and directories that a run is writing and that are not yet in place: a report's
/// staging directory, a log being converted, the sorted runs of an external sort, a spooled
/// standard input.
///
/// When the process is interrupted (SIGINT, SIGTERM), `removeAllForExit()` deletes them, so an
/// interrupted nightly job leaves the previous report and no debris. Every step that creates,
/// fills or moves such a path runs inside `uninterruptible`: the cleanup waits for the step to
/// end, and once the cleanup has begun no step can start again (the writer blocks until the
/// process exits), so nothing is created after the cleanup looked.
public enum TemporaryFiles {
  /// Remembers `path` as temporary until `unregister`.
  public static func register(_ path: String) { registry.withPaths { _ = $0.insert(path) } }

  /// Forgets `path` (it was moved into place or removed).
  public static func unregister(_ path: String) { registry.withPaths { _ = $0.remove(path) } }

  /// Runs `body` with interruption cleanup held off until it returns. `body` may register and
  /// unregister paths, and may nest another `uninterruptible` step.
  public static func uninterruptible<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    try registry.critical(body)
  }

  /// What an interrupted run's cleanup did.
  public struct Cleanup: Sendable, Equatable {
    /// Paths that existed and were removed.
    public var removed: [String] = []
    /// Paths that could not be removed, with the reason.
    public var failed: [String] = []
  }

  /// Removes every registered path and keeps the registry locked, so that no writer can start
  /// another step afterwards: the caller is about to exit.
  @discardableResult
  public static func removeAllForExit() -> Cleanup {
    registry.lockForever { paths in
      var cleanup = Cleanup()
      for path in paths.sorted() {
        switch SafeRemoval.removeTree(path) {
        case .removed: cleanup.removed.append(path)
        case .absent: break
        case .failed(let failure): cleanup.failed.append("\(failure.path): \(failure.reason)")
        }
      }
      return cleanup
    }
  }

  /// Removes a file or a directory tree without following symbolic links; a missing path is
  /// fine. Returns nil on success, else the path that could not be removed and why.
  public static func removeTree(_ path: String) -> (path: String, reason: String)? {
    if case .failed(let failure) = SafeRemoval.removeTree(path) { return (failure.path, failure.reason) }
    return nil
  }

  /// The names in directory `path` (without `.` and `..`), or nil when it cannot be read.
  public static func entries(of path: String) -> [String]? {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    return SafeRemoval.entries(ofDirectoryDescriptor: fd)
  }

  /// The directory holding `path` (`.` for a bare name).
  public static func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// The last component of `path`.
  public static func lastComponent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// The current `errno` as text.
  public static func errnoText() -> String { String(cString: strerror(errno)) }

  private static let registry = Registry()
}

/// The registered paths behind one mutex, and a recursive "critical step" mutex that the
/// cleanup takes first: a step in progress on the writer's thread finishes before the handler's
/// thread removes anything, and a step that would start afterwards waits forever.
private final class Registry: @unchecked Sendable {
  private let pathsMutex = Registry.makeMutex(recursive: false)
  private let criticalMutex = Registry.makeMutex(recursive: true)
  private var paths: Set<String> = []

  private static func makeMutex(recursive: Bool) -> UnsafeMutablePointer<pthread_mutex_t> {
    let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    var attributes = pthread_mutexattr_t()
    pthread_mutexattr_init(&attributes)
    if recursive { pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE)) }
    pthread_mutex_init(mutex, &attributes)
    pthread_mutexattr_destroy(&attributes)
    return mutex
  }

  func withPaths<T>(_ body: (inout Set<String>) -> T) -> T {
    pthread_mutex_lock(pathsMutex)
    defer { pthread_mutex_unlock(pathsMutex) }
    return body(&paths)
  }

  func critical<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    pthread_mutex_lock(criticalMutex)
    defer { pthread_mutex_unlock(criticalMutex) }
    return try body()
  }

  /// Takes the critical mutex and never gives it back.
  func lockForever<T>(_ body: (Set<String>) -> T) -> T {
    pthread_mutex_lock(criticalMutex)
    let snapshot = withPaths { $0 }
    return body(snapshot)
  }
}
