import CFileSystem
import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a report could not be written.
public struct ReportError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var reason: String
  public var description: String { "cannot write report '\(path)': \(reason)" }
}

/// The only writer of report files. It builds the whole report in a staging directory beside
/// the target and swaps it into place in one step, so a reader (or a crash) never sees a
/// half-written report: the target holds either the previous complete report or the new one.
public enum ReportSink {
  /// Writes `files` as the complete contents of directory `path`, replacing what was there.
  public static func writeDirectory(_ files: [ReportFile], to path: String) throws(ReportError) {
    let target = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    removeDebrisOfDeadRuns(beside: target)
    let staging = "\(target)\(stagingMarker)\(getpid())"
    let previous = "\(target)\(previousMarker)\(getpid())"
    TemporaryFiles.register(staging)
    defer { TemporaryFiles.unregister(staging) }
    do throws(ReportError) {
      try stage(files, in: staging)
    } catch {
      _ = TemporaryFiles.removeTree(staging)
      throw error
    }
    // An interruption waits for the swap: the target is the old report or the new one, whole.
    try TemporaryFiles.uninterruptible { () throws(ReportError) in
      if exists(target) {
        // Afterwards `staging` holds the previous report, still registered for removal.
        if muroute_exchange_paths(staging, target) != 0 {
          // No atomic exchange here (not Linux, or an old kernel): move the old one aside first.
          TemporaryFiles.register(previous)
          try removeTree(previous)
          guard rename(target, previous) == 0 else { throw ReportError(path: target, reason: errnoText()) }
          guard rename(staging, target) == 0 else { throw ReportError(path: target, reason: errnoText()) }
        }
      } else {
        guard rename(staging, target) == 0 else { throw ReportError(path: target, reason: errnoText()) }
      }
      syncDirectory(containing: target)
    }
    try removeTree(staging)
    try removeTree(previous)
    TemporaryFiles.unregister(previous)
  }

  /// Writes `files` into a fresh directory `staging`.
  private static func stage(_ files: [ReportFile], in staging: String) throws(ReportError) {
    try removeTree(staging)
    try makeDirectory(staging)
    for file in files {
      guard !file.name.hasPrefix("/"), !file.name.split(separator: "/").contains("..") else {
        throw ReportError(path: file.name, reason: "report file names must stay inside the directory")
      }
      let components = file.name.split(separator: "/")
      var dir = staging
      for component in components.dropLast() {
        dir += "/" + component
        try makeDirectory(dir, existingIsFine: true)
      }
      try writeFile(file.contents, to: staging + "/" + file.name)
    }
  }

  /// Writes one file atomically (temporary file in the same directory, fsync, rename).
  public static func writeFileAtomically(_ contents: String, to path: String) throws(ReportError) {
    let temporary = "\(path).muroute-tmp-\(getpid())"
    TemporaryFiles.register(temporary)
    defer { TemporaryFiles.unregister(temporary) }
    try writeFile(contents, to: temporary)
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw ReportError(path: path, reason: errnoText())
    }
  }

  static let stagingMarker = ".muroute-staging-"
  static let previousMarker = ".muroute-previous-"

  /// Removes the staging and set-aside directories that runs killed outright (SIGKILL, a crash,
  /// a power cut) left beside `target`: those whose process is gone. Best effort; a directory
  /// that cannot be removed stays and never affects the target.
  static func removeDebrisOfDeadRuns(beside target: String) {
    let parent = TemporaryFiles.parentDirectory(of: target)
    let name = target.lastIndex(of: "/").map { String(target[target.index(after: $0)...]) } ?? target
    var debris: [String] = []
    for entryName in TemporaryFiles.entries(of: parent) ?? [] {
      for marker in [stagingMarker, previousMarker] where entryName.hasPrefix(name + marker) {
        guard let pid = Int32(entryName.dropFirst(name.count + marker.count)), pid != getpid() else { continue }
        if kill(pid, 0) != 0 && errno == ESRCH { debris.append(entryName) }
      }
    }
    for entry in debris.sorted() { _ = TemporaryFiles.removeTree(parent + "/" + entry) }
  }

  /// Makes a rename in the directory holding `path` durable (best effort).
  private static func syncDirectory(containing path: String) {
    let fd = open(TemporaryFiles.parentDirectory(of: path), O_RDONLY | O_DIRECTORY)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }

  private static func writeFile(_ contents: String, to path: String) throws(ReportError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw ReportError(path: path, reason: errnoText()) }
    defer { close(fd) }
    var text = contents
    let failure: String? = text.withUTF8 { buffer -> String? in
      var offset = 0
      while offset < buffer.count {
        let written = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errnoText()
        }
        offset += written
      }
      return nil
    }
    if let failure { throw ReportError(path: path, reason: failure) }
    guard fsync(fd) == 0 else { throw ReportError(path: path, reason: errnoText()) }
  }

  private static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  private static func makeDirectory(_ path: String, existingIsFine: Bool = false) throws(ReportError) {
    if mkdir(path, 0o755) != 0 {
      if existingIsFine && errno == EEXIST { return }
      throw ReportError(path: path, reason: errnoText())
    }
  }

  /// Removes a file or a directory tree; a missing path is fine.
  static func removeTree(_ path: String) throws(ReportError) {
    if let failure = TemporaryFiles.removeTree(path) {
      throw ReportError(path: failure.path, reason: failure.reason)
    }
  }

  private static func errnoText() -> String {
    String(cString: strerror(errno))
  }
}
