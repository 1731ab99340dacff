import CFileSystem

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
    let staging = "\(target).muroute-staging-\(getpid())"
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
    if exists(target) {
      if muroute_exchange_paths(staging, target) == 0 {
        // `staging` now holds the previous report.
        try removeTree(staging)
        return
      }
      // No atomic exchange here (not Linux, or an old kernel): move the old one aside first.
      let previous = "\(target).muroute-previous-\(getpid())"
      try removeTree(previous)
      guard rename(target, previous) == 0 else { throw ReportError(path: target, reason: errnoText()) }
      guard rename(staging, target) == 0 else { throw ReportError(path: target, reason: errnoText()) }
      try removeTree(previous)
    } else {
      guard rename(staging, target) == 0 else { throw ReportError(path: target, reason: errnoText()) }
    }
  }

  /// Writes one file atomically (temporary file in the same directory, fsync, rename).
  public static func writeFileAtomically(_ contents: String, to path: String) throws(ReportError) {
    let temporary = "\(path).muroute-tmp-\(getpid())"
    try writeFile(contents, to: temporary)
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw ReportError(path: path, reason: errnoText())
    }
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
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      guard let dir = opendir(path) else { throw ReportError(path: path, reason: errnoText()) }
      var children: [String] = []
      while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { children.append(name) }
      }
      closedir(dir)
      for child in children { try removeTree(path + "/" + child) }
      guard rmdir(path) == 0 else { throw ReportError(path: path, reason: errnoText()) }
    } else {
      guard unlink(path) == 0 else { throw ReportError(path: path, reason: errnoText()) }
    }
  }

  private static func errnoText() -> String {
    String(cString: strerror(errno))
  }
}
