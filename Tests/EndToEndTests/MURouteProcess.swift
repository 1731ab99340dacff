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

  /// Runs `muroute arguments...` in `directory` and waits for it.
  static func run(_ arguments: [String], in directory: URL) throws -> Outcome {
    guard let executable else { throw MissingExecutable() }
    // Files rather than pipes: a chatty run can never block on a full pipe.
    let capture = try temporaryDirectory("capture")
    defer { try? FileManager.default.removeItem(at: capture) }
    let outURL = capture.appendingPathComponent("stdout")
    let errURL = capture.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus,
      standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
      standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
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
