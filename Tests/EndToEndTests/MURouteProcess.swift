import Foundation

/// Runs the built `muroute` executable, as a user or a nightly job would.
struct MURouteProcess {
  /// What a finished run left behind.
  struct Outcome {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// The package root, found from this file's path.
  static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The executable `swift test` built next to the test bundle (or under `.build/debug`).
  static var executable: URL? {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("muroute"),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("muroute"),
      packageRoot.appendingPathComponent(".build/debug/muroute"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// Runs `muroute arguments...` in `directory` and waits for it; `environment` replaces the
  /// inherited one when given.
  static func run(_ arguments: [String], in directory: URL, environment: [String: String]? = nil) throws -> Outcome {
    guard let executable else { throw MissingExecutable() }
    // Files rather than pipes: a chatty run can never block on a full pipe.
    let capture = try temporaryDirectory("capture")
    defer { try? FileManager.default.removeItem(at: capture) }
    let outURL = capture.appendingPathComponent("stdout")
    let errURL = capture.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus,
      standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
      standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
  }

  /// Starts `muroute arguments...` in `directory` without waiting, its output discarded except
  /// standard error, which goes to `standardError` when given.
  static func start(_ arguments: [String], in directory: URL, standardError: URL? = nil) throws -> Process {
    guard let executable else { throw MissingExecutable() }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    if let standardError {
      _ = FileManager.default.createFile(atPath: standardError.path, contents: nil)
      process.standardError = try FileHandle(forWritingTo: standardError)
    } else {
      process.standardError = FileHandle.nullDevice
    }
    try process.run()
    return process
  }

  /// Every regular file under `directory`, by relative path, with its bytes.
  static func contents(of directory: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return files }
    while let name = walker.nextObject() as? String {
      let url = directory.appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
        files[name] = FileManager.default.contents(atPath: url.path)
      }
    }
    return files
  }

  /// A fresh empty directory under the system's temporary directory.
  static func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("muroute-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  struct MissingExecutable: Error, CustomStringConvertible {
    var description: String { "the muroute executable was not built; run `swift build` first" }
  }
}
