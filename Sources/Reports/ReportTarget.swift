import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An output directory checked before any work starts: a path that does not exist yet, an
/// empty directory, or a directory that a muroute run made (it carries the marker file). Anything
/// else is refused, so a report never replaces what a user had: a directory of their files
/// (unless `force`), a regular file, a link, a mount point, the current directory, or a path that
/// is or contains one of the run's own input files.
public struct ReportTarget: Sendable, Equatable {
  /// The directory as given, without a trailing slash.
  public let path: String
  /// The directory holding it.
  public let parent: String
  /// The permission bits of the directory being replaced, kept on the new one; nil when new.
  public let replacedMode: UInt32?

  /// The name of the file that marks a directory as a muroute report.
  public static let markerName = ".muroute-report"
  /// The marker's first line, by which a report directory is recognised.
  static let markerHeading = "muroute report directory"

  /// The marker's contents for this version of the tool.
  static var markerContents: String {
    "\(markerHeading)\n\(ToolVersion.description)\nThis directory is replaced whole by the next muroute run that writes to it.\n"
  }

  /// Checks `path` as an output directory for a run that reads `inputs` (other paths are fine:
  /// `-` and empty entries are skipped). `force` allows replacing a non-empty directory that has
  /// no marker, never anything else.
  public static func check(_ path: String, inputs: [String] = [], force: Bool = false) throws(ReportError) -> ReportTarget {
    guard !path.isEmpty else { throw ReportError(path: path, reason: "the output path is empty") }
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    let last = TemporaryFiles.lastComponent(of: trimmed)
    if trimmed == "/" || last == "." || last == ".." || last.isEmpty {
      throw ReportError(
        path: path, reason: "give a directory by its name, e.g. --out ./report (muroute replaces the directory whole, which '\(trimmed)' cannot be)")
    }
    let parent = TemporaryFiles.parentDirectory(of: trimmed)
    var parentInfo = stat()
    guard stat(parent, &parentInfo) == 0, (parentInfo.st_mode & S_IFMT) == S_IFDIR else {
      throw ReportError(path: path, reason: "its parent directory '\(parent)' does not exist or is not a directory; create it first")
    }
    var info = stat()
    var replacedMode: UInt32?
    if lstat(trimmed, &info) == 0 {
      try checkExisting(trimmed, info: info, parentInfo: parentInfo, inputs: inputs, force: force)
      replacedMode = UInt32(info.st_mode & 0o7777)
    } else if errno != ENOENT {
      throw ReportError(path: path, reason: TemporaryFiles.errnoText())
    }
    try probeWritable(parent, for: path)
    return ReportTarget(path: trimmed, parent: parent, replacedMode: replacedMode)
  }

  private static func checkExisting(_ path: String, info: stat, parentInfo: stat, inputs: [String], force: Bool) throws(ReportError) {
    switch info.st_mode & S_IFMT {
    case S_IFDIR: break
    case S_IFLNK:
      throw ReportError(path: path, reason: "it is a symbolic link; give the directory it names, or a new path")
    case S_IFREG:
      throw ReportError(path: path, reason: "it is a regular file, not a report directory; muroute never replaces a file: choose another --out")
    default:
      throw ReportError(path: path, reason: "it exists and is not a directory; choose another --out")
    }
    if info.st_dev != parentInfo.st_dev || info.st_ino == parentInfo.st_ino {
      throw ReportError(path: path, reason: "it is a mount point, which cannot be replaced by a rename; give a directory inside it, e.g. \(path)/report")
    }
    let resolved = realPath(path)
    if let resolved, let current = realPath("."), current == resolved || current.hasPrefix(resolved + "/") {
      throw ReportError(
        path: path, reason: "it is the current directory or holds it; give another path, e.g. ../\(TemporaryFiles.lastComponent(of: resolved))-report")
    }
    if let resolved {
      for input in inputs where !input.isEmpty && input != "-" {
        guard let inputPath = realPath(input) else { continue }
        if inputPath == resolved || inputPath.hasPrefix(resolved + "/") {
          throw ReportError(path: path, reason: "it holds the run's input '\(input)'; write the report somewhere else")
        }
      }
    }
    let euid = geteuid()
    if euid != 0, (parentInfo.st_mode & S_ISVTX) != 0, info.st_uid != euid, parentInfo.st_uid != euid {
      throw ReportError(path: path, reason: "it belongs to another user in a sticky directory, so it cannot be replaced; choose another --out")
    }
    guard let entries = TemporaryFiles.entries(of: path) else {
      throw ReportError(path: path, reason: "cannot read it: \(TemporaryFiles.errnoText())")
    }
    if entries.isEmpty || isMarked(path) { return }
    if force { return }
    throw ReportError(
      path: path,
      reason: "it is not empty and is not a muroute report directory (no \(markerName) file); choose a new or empty directory, or pass --force to replace it")
  }

  /// Whether `directory` holds a marker file that a muroute run wrote.
  static func isMarked(_ directory: String) -> Bool {
    let fd = open(directory + "/" + markerName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
    var buffer = [UInt8](repeating: 0, count: markerHeading.utf8.count + 1)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    return count == buffer.count && buffer.elementsEqual(Array((markerHeading + "\n").utf8))
  }

  /// Creates and removes a directory beside the target, so that a path that cannot be written
  /// fails before the replay runs rather than after it.
  private static func probeWritable(_ parent: String, for path: String) throws(ReportError) {
    do {
      let probe = try SecureCreation.createDirectory(in: parent, prefix: ".muroute-probe-")
      rmdir(probe)
      TemporaryFiles.unregister(probe)
    } catch {
      throw ReportError(path: path, reason: "its directory '\(parent)' is not writable: \(error.reason)")
    }
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
