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

/// The only writer of report directories. It builds the whole report in a private staging
/// directory beside the target and swaps it into place in one step, so a reader (or a crash)
/// never sees a half-written report: the target holds either the previous complete report or
/// the new one.
///
/// The swap is Linux's atomic exchange (`renameat2(RENAME_EXCHANGE)`). Where that is missing or
/// refused (macOS, old kernels, some file systems), the previous report is renamed aside and the
/// new one renamed in: for that instant the target does not exist, but it never holds a mix.
/// Either way the target is checked again first (`ReportTarget.check`), so what is replaced is
/// only ever an empty directory, a muroute report, or with `force` an unmarked directory.
public enum ReportSink {
  /// Writes `files` as the complete contents of directory `path`, replacing what was there.
  public static func writeDirectory(
    _ files: [ReportFile], to path: String, inputs: [String] = [], force: Bool = false
  ) throws(ReportError) {
    let target = try ReportTarget.check(path, inputs: inputs, force: force)
    try writeDirectory(files, to: target, inputs: inputs, force: force)
  }

  /// Writes `files` into `target`, which was checked before the run; it is checked again now,
  /// since the run may have taken hours.
  public static func writeDirectory(
    _ files: [ReportFile], to checked: ReportTarget, inputs: [String] = [], force: Bool = false
  ) throws(ReportError) {
    try writeDirectory(files, to: checked, inputs: inputs, force: force, exchange: muroute_exchange_paths)
  }

  /// The writer with the atomic exchange given, so that tests can take the fallback that
  /// platforms without one (macOS) or file systems that refuse it always take.
  static func writeDirectory(
    _ files: [ReportFile], to checked: ReportTarget, inputs: [String], force: Bool,
    exchange: (UnsafePointer<CChar>, UnsafePointer<CChar>) -> Int32
  ) throws(ReportError) {
    let target = try ReportTarget.check(checked.path, inputs: inputs, force: force)
    let name = TemporaryFiles.lastComponent(of: target.path)
    removeDebrisOfDeadRuns(beside: target.path)
    let staging: String
    do {
      staging = try SecureCreation.createDirectory(in: target.parent, prefix: "\(name)\(stagingMarker)\(getpid())-")
    } catch {
      throw ReportError(path: target.path, reason: error.reason)
    }
    defer { TemporaryFiles.unregister(staging) }
    do throws(ReportError) {
      try stage([ReportFile(name: ReportTarget.markerName, contents: ReportTarget.markerContents)] + files, in: staging)
      let mode = target.replacedMode.map { mode_t($0) } ?? (0o777 & ~SecureCreation.currentUmask())
      guard chmod(staging, mode) == 0 else { throw ReportError(path: staging, reason: TemporaryFiles.errnoText()) }
      try TemporaryFiles.uninterruptible { () throws(ReportError) in
        try swapIntoPlace(
          staging, target: target.path, name: name, existed: target.replacedMode != nil, exchange: exchange)
      }
    } catch {
      _ = TemporaryFiles.removeTree(staging)
      throw error
    }
    // After an exchange `staging` holds the previous report, still registered for removal.
    try removeTree(staging)
  }

  /// Moves the finished `staging` directory to `target`. On success `staging` is gone or holds
  /// the previous report; on failure the target is as it was.
  private static func swapIntoPlace(
    _ staging: String, target: String, name: String, existed: Bool,
    exchange: (UnsafePointer<CChar>, UnsafePointer<CChar>) -> Int32
  ) throws(ReportError) {
    if !existed {
      guard rename(staging, target) == 0 else {
        throw ReportError(path: target, reason: "cannot move the new report into place: \(TemporaryFiles.errnoText())")
      }
      syncDirectory(containing: target)
      return
    }
    if exchange(staging, target) == 0 {
      syncDirectory(containing: target)
      return
    }
    // No atomic exchange here or it was refused: set the old report aside, then move in the new.
    let previous = "\(TemporaryFiles.parentDirectory(of: target))/\(name)\(previousMarker)\(getpid())-\(SecureCreation.randomSuffix())"
    guard rename(target, previous) == 0 else {
      throw ReportError(path: target, reason: "cannot replace the previous report: \(TemporaryFiles.errnoText())")
    }
    guard rename(staging, target) == 0 else {
      let reason = TemporaryFiles.errnoText()
      _ = rename(previous, target)
      throw ReportError(path: target, reason: "cannot move the new report into place: \(reason)")
    }
    syncDirectory(containing: target)
    TemporaryFiles.register(previous)
    defer { TemporaryFiles.unregister(previous) }
    try removeTree(previous)
  }

  /// Writes `files` into the fresh private directory `staging`. Each file is one
  /// uninterruptible step: an interruption removes the staging directory only between files,
  /// and no file is written after it did.
  private static func stage(_ files: [ReportFile], in staging: String) throws(ReportError) {
    for file in files {
      guard !file.name.hasPrefix("/"), !file.name.split(separator: "/").contains("..") else {
        throw ReportError(path: file.name, reason: "report file names must stay inside the directory")
      }
      try TemporaryFiles.uninterruptible { () throws(ReportError) in
        var dir = staging
        for component in file.name.split(separator: "/").dropLast() {
          dir += "/" + component
          if mkdir(dir, 0o755) != 0 && errno != EEXIST { throw ReportError(path: dir, reason: TemporaryFiles.errnoText()) }
        }
        try writeFile(file.contents, to: staging + "/" + file.name)
      }
    }
  }

  static let stagingMarker = ".muroute-staging-"
  static let previousMarker = ".muroute-previous-"

  /// Removes the staging and set-aside directories that runs killed outright (SIGKILL, a crash,
  /// a power cut) left beside `target`: only directories (never links) that belong to this
  /// user, carry the report marker, and were named by a process that is gone. Best effort; a
  /// directory that cannot be removed stays and never affects the target.
  static func removeDebrisOfDeadRuns(beside target: String) {
    let parent = TemporaryFiles.parentDirectory(of: target)
    let name = TemporaryFiles.lastComponent(of: target)
    for entryName in (TemporaryFiles.entries(of: parent) ?? []).sorted() {
      for marker in [stagingMarker, previousMarker] where entryName.hasPrefix(name + marker) {
        let rest = entryName.dropFirst(name.count + marker.count)
        guard let pid = Int32(rest.prefix(while: { $0 != "-" })), pid != getpid() else { continue }
        guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
        let path = parent + "/" + entryName
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else { continue }
        // A run killed between making its staging directory and writing the marker, its first
        // file, leaves the directory empty or holding only the marker's name.
        let unfinished = (TemporaryFiles.entries(of: path) ?? ["?"]).allSatisfy { $0 == ReportTarget.markerName }
        guard unfinished || ReportTarget.isMarked(path) else { continue }
        _ = TemporaryFiles.removeTree(path)
      }
    }
  }

  /// Makes a rename in the directory holding `path` durable (best effort).
  private static func syncDirectory(containing path: String) {
    let fd = open(TemporaryFiles.parentDirectory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }

  private static func writeFile(_ contents: String, to path: String) throws(ReportError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ReportError(path: path, reason: TemporaryFiles.errnoText()) }
    defer { close(fd) }
    var text = contents
    let failure: String? = text.withUTF8 { buffer -> String? in
      var offset = 0
      while offset < buffer.count {
        let written = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return TemporaryFiles.errnoText()
        }
        offset += written
      }
      return nil
    }
    if let failure { throw ReportError(path: path, reason: failure) }
    guard fsync(fd) == 0 else { throw ReportError(path: path, reason: TemporaryFiles.errnoText()) }
  }

  /// Removes a file or a directory tree; a missing path is fine.
  static func removeTree(_ path: String) throws(ReportError) {
    if let failure = TemporaryFiles.removeTree(path) {
      throw ReportError(path: failure.path, reason: failure.reason)
    }
  }
}
