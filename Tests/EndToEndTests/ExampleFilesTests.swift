import Foundation
import Testing
import Traces
import Workload

/// The bundled sample log (`traces/`) and example reports (`reports/`) must be what the current
/// code produces: this suite reruns the commands of `scripts/regenerate-examples` with the
/// freshly built binary and compares every file. When it fails, run that script and commit.
@Suite struct ExampleFilesTests {
  /// The commands after `# example:` markers in the script, as argument lists, in order.
  static func exampleCommands() throws -> [[String]] {
    let script = try String(
      contentsOf: MURouteProcess.packageRoot.appendingPathComponent("scripts/regenerate-examples"), encoding: .utf8)
    let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var commands: [[String]] = []
    for (index, line) in lines.enumerated() where line.hasPrefix("# example:") && index + 1 < lines.count {
      let words = lines[index + 1].split(separator: " ").map(String.init)
      guard words.first == "\"$MUROUTE\"" else { continue }
      commands.append(Array(words.dropFirst()))
    }
    return commands
  }

  /// Regular files under `directory`, as sorted relative paths.
  static func files(under directory: URL) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
    var names: [String] = []
    while let name = walker.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let path = directory.appendingPathComponent(name).path
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
        names.append(name)
      }
    }
    return names.sorted()
  }

  static func records(_ path: String) throws -> [TraceRecord] {
    let reader = try TraceReader(path: path, options: TraceReadOptions())
    var records: [TraceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  @Test func theScriptNamesTheExamples() throws {
    let commands = try Self.exampleCommands()
    #expect(commands.count >= 2)
    // The test splits on spaces, so the example commands must not quote anything.
    #expect(commands.allSatisfy { !$0.joined().contains("\"") && !$0.joined().contains("'") })
  }

  @Test func examplesAreUpToDate() throws {
    let root = MURouteProcess.packageRoot
    let scratch = try MURouteProcess.temporaryDirectory("examples")
    defer { try? FileManager.default.removeItem(at: scratch) }
    for folder in ["traces", "reports"] {
      try FileManager.default.createDirectory(
        at: scratch.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    // Hand-written inputs beside the generated sample (an events file) are copied in.
    let commands = try Self.exampleCommands()
    let generated = Set(commands.compactMap { arguments in arguments.firstIndex(of: "--out").map { arguments[$0 + 1] } })
    for name in Self.files(under: root.appendingPathComponent("traces")) where !generated.contains("traces/\(name)") {
      try FileManager.default.copyItem(
        at: root.appendingPathComponent("traces/\(name)"), to: scratch.appendingPathComponent("traces/\(name)"))
    }
    var outputs: [String] = []
    for arguments in commands {
      let outcome = try MURouteProcess.run(arguments, in: scratch)
      try #require(outcome.status == 0, "muroute \(arguments.joined(separator: " ")) failed: \(outcome.standardError)")
      if let flag = arguments.firstIndex(of: "--out"), flag + 1 < arguments.count { outputs.append(arguments[flag + 1]) }
    }
    #expect(!outputs.isEmpty)
    for output in outputs {
      let fresh = scratch.appendingPathComponent(output)
      let committed = root.appendingPathComponent(output)
      let stale = "\(output) is stale: run scripts/regenerate-examples and commit the result"
      if output.hasSuffix(".zst") || output.hasSuffix(".jsonl") {
        // Records, not bytes, so that another libzstd version cannot fail the test.
        #expect(try Self.records(fresh.path) == Self.records(committed.path), "\(stale)")
        continue
      }
      let names = Self.files(under: fresh)
      #expect(names == Self.files(under: committed), "\(stale) (file list)")
      for name in names {
        let a = try Data(contentsOf: fresh.appendingPathComponent(name))
        let b = try? Data(contentsOf: committed.appendingPathComponent(name))
        #expect(a == b, "\(stale) (\(name) differs)")
      }
    }
  }
}
