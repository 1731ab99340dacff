import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The request logs one run reads, resolved from its arguments: files, directories of daily or
/// hourly files (their regular files, sorted by name), standard input (`-`) and FIFOs.
///
/// A file is opened anew by every reader; a stream that can be read only once is copied to an
/// anonymous temporary file first (`Spool`), so every reader of the set sees the same bytes.
public struct LogSet: Sendable {
  /// One log file of the set.
  public struct File: Sendable {
    /// What errors call it: the path given or found in a directory, `-` for standard input.
    public let name: String
    let origin: Origin
    /// Where RAGPulse side files are looked up; nil for standard input.
    let sideFileDirectory: String?
    /// Raw bytes, for progress.
    public let size: Int
  }

  /// Where a file's bytes come from.
  enum Origin: Sendable {
    /// A regular file each reader opens.
    case path(String)
    /// A descriptor every reader reads at its own offset.
    case shared(SharedDescriptor)
  }

  /// The files in the order the arguments give them (a directory's by name).
  public let files: [File]

  /// What a report calls the set: the file's name, "standard input", or "N logs: ...".
  public var label: String {
    func short(_ file: File) -> String {
      file.name == "-" ? "standard input" : String(file.name.split(separator: "/").last ?? Substring(file.name))
    }
    guard files.count > 1 else { return files.first.map(short) ?? "" }
    let names = files.count <= 3 ? files.map(short) : [short(files[0]), "...", short(files[files.count - 1])]
    return "\(files.count) logs: " + names.joined(separator: files.count <= 3 ? ", " : " ")
  }

  /// Raw bytes of every file together, for progress.
  public var totalBytes: Int { files.reduce(0) { $0 + $1.size } }

  /// Resolves `arguments`; standard input and FIFOs are read to their end here.
  public init(arguments: [String]) throws(TraceError) {
    guard !arguments.isEmpty else {
      throw TraceError(.usage, file: "-", message: "no log given", hint: "name one or more logs or directories, or - for standard input")
    }
    var files: [File] = []
    var seen: [FileIdentity: String] = [:]
    var readStandardInput = false
    for argument in arguments {
      if argument == "-" {
        guard !readStandardInput else {
          throw TraceError(.usage, file: "-", message: "standard input is given twice", hint: "it can be read only once: give - once")
        }
        readStandardInput = true
      }
      for (file, identity) in try LogSet.resolve(argument) {
        if let identity {
          if let earlier = seen[identity] {
            throw TraceError(
              .usage, file: file.name, message: earlier == file.name ? "is given twice" : "is the same file as \(earlier)",
              hint: "name each log once (a directory stands for every file in it)")
          }
          seen[identity] = file.name
        }
        files.append(file)
      }
    }
    self.files = files
  }

  /// The files one argument stands for, each with its identity when it is a regular file.
  private static func resolve(_ argument: String) throws(TraceError) -> [(File, FileIdentity?)] {
    if argument == "-" { return [try standardInput()] }
    var info = stat()
    guard stat(argument, &info) == 0 else {
      throw TraceError(.io, file: argument, message: "cannot open: \(ByteSource.errnoText())", hint: "check the path and the file's permissions")
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return try directory(argument)
    case S_IFREG: return [regular(argument, info, sideFileDirectory: TemporaryFiles.parentDirectory(of: argument))]
    default: return [(try stream(argument), nil)]
    }
  }

  private static func regular(_ path: String, _ info: stat, sideFileDirectory: String?) -> (File, FileIdentity?) {
    (File(name: path, origin: .path(path), sideFileDirectory: sideFileDirectory, size: Int(info.st_size)), FileIdentity(info))
  }

  /// A directory's regular, visible log files by name (RAGPulse side files are not logs).
  private static func directory(_ path: String) throws(TraceError) -> [(File, FileIdentity?)] {
    guard let names = TemporaryFiles.entries(of: path) else {
      throw TraceError(.io, file: path, message: "cannot list the directory: \(ByteSource.errnoText())", hint: "check its permissions")
    }
    let prefix = path.hasSuffix("/") ? path : path + "/"
    var found: [(File, FileIdentity?)] = []
    for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    where !name.hasPrefix(".") && !RAGPulseChunkTable.isSideFile(name) {
      var info = stat()
      let child = prefix + name
      guard stat(child, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
      found.append(regular(child, info, sideFileDirectory: path))
    }
    guard !found.isEmpty else {
      throw TraceError(
        .emptyInput, file: path, message: "the directory holds no log files",
        hint: "its regular files are read, by name; hidden files and subdirectories are not")
    }
    return found
  }

  /// Standard input: read in place when it is a regular file, else copied once.
  private static func standardInput() throws(TraceError) -> (File, FileIdentity?) {
    var info = stat()
    if fstat(0, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
      let start = max(0, Int64(lseek(0, 0, SEEK_CUR)))
      let shared = SharedDescriptor(descriptor: 0, start: start, size: max(0, Int(info.st_size) - Int(start)), closesOnRelease: false)
      return (File(name: "-", origin: .shared(shared), sideFileDirectory: nil, size: shared.size), FileIdentity(info))
    }
    let shared = try Spool.copy(from: 0, name: "-")
    return (File(name: "-", origin: .shared(shared), sideFileDirectory: nil, size: shared.size), nil)
  }

  /// A FIFO, character device or socket by path: opened once and copied.
  private static func stream(_ path: String) throws(TraceError) -> File {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw TraceError(.io, file: path, message: "cannot open: \(ByteSource.errnoText())", hint: "check the path and the file's permissions")
    }
    defer { close(descriptor) }
    let shared = try Spool.copy(from: descriptor, name: path)
    return File(name: path, origin: .shared(shared), sideFileDirectory: TemporaryFiles.parentDirectory(of: path), size: shared.size)
  }
}

/// Device and inode: the same file under two names.
private struct FileIdentity: Hashable {
  var device: UInt64
  var inode: UInt64

  init(_ info: stat) {
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
  }
}
