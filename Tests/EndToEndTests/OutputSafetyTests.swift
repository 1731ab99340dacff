import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Nothing a user had before a run is missing after it: `--out` refuses what is not a report,
/// before any work, with one line; log outputs are never the input; interrupts leave nothing.
@Suite(.serialized) struct OutputSafetyTests {
  static let log = ["synth", "--requests", "300", "--pods", "4", "--seed", "9", "--out", "log.jsonl.zst"]

  static func replay(out: String, extra: [String] = []) -> [String] {
    ["replay", "log.jsonl.zst", "--pods", "4", "--policy", "p2c", "--out", out] + extra
  }

  func withLog(_ label: String, _ body: (URL) throws -> Void) throws {
    let directory = try MURouteProcess.temporaryDirectory(label)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try MURouteProcess.run(Self.log, in: directory).status == 0)
    try body(directory)
  }

  /// The refusal is one line, before the replay, and leaves no staging beside the target.
  func expectRefusal(_ outcome: MURouteProcess.Outcome, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(outcome.status == 1, "\(outcome.standardError)", sourceLocation: sourceLocation)
    let lines = outcome.standardError.split(separator: "\n")
    #expect(lines.count == 1, "\(outcome.standardError)", sourceLocation: sourceLocation)
    #expect(outcome.standardError.contains(text), "\(outcome.standardError)", sourceLocation: sourceLocation)
    #expect(!outcome.standardError.contains("replayed"), sourceLocation: sourceLocation)
  }

  func names(in directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  @Test func aDirectoryOfUserFilesIsKept() throws {
    try withLog("out-user-dir") { directory in
      let user = directory.appendingPathComponent("thesis")
      try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: user.appendingPathComponent("chapter1.tex").path, contents: Data("text".utf8))
      expectRefusal(try MURouteProcess.run(Self.replay(out: "thesis"), in: directory), mentioning: "--force")
      #expect(try names(in: user) == ["chapter1.tex"])
      #expect(try names(in: directory) == ["log.jsonl.zst", "thesis"])
      // --force replaces it, as documented.
      #expect(try MURouteProcess.run(Self.replay(out: "thesis", extra: ["--force"]), in: directory).status == 0)
      #expect(try names(in: user).contains("report.md"))
    }
  }

  @Test func theLogItselfAndAFileAreKept() throws {
    try withLog("out-log") { directory in
      let before = try Data(contentsOf: directory.appendingPathComponent("log.jsonl.zst"))
      expectRefusal(try MURouteProcess.run(Self.replay(out: "log.jsonl.zst", extra: ["--force"]), in: directory), mentioning: "regular file")
      #expect(try Data(contentsOf: directory.appendingPathComponent("log.jsonl.zst")) == before)
      // The log inside the output directory: refused even though the directory is a report.
      #expect(try MURouteProcess.run(Self.replay(out: "report"), in: directory).status == 0)
      try FileManager.default.copyItem(
        at: directory.appendingPathComponent("log.jsonl.zst"), to: directory.appendingPathComponent("report/day.jsonl.zst"))
      let inside = ["replay", "report/day.jsonl.zst", "--pods", "4", "--policy", "p2c", "--out", "report", "--force"]
      expectRefusal(try MURouteProcess.run(inside, in: directory), mentioning: "input")
      #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report/day.jsonl.zst").path))
    }
  }

  @Test func dotAndTheCurrentDirectoryAreOneLineErrorsWithoutDebris() throws {
    try withLog("out-dot") { directory in
      for out in [".", "..", "/", directory.path] {
        let outcome = try MURouteProcess.run(Self.replay(out: out), in: directory)
        expectRefusal(outcome, mentioning: "cannot write report")
        #expect(!outcome.standardError.contains("Fatal"))
      }
      #expect(try names(in: directory) == ["log.jsonl.zst"])
    }
  }

  @Test func anUnwritablePlaceFailsBeforeTheReplay() throws {
    try withLog("out-unwritable") { directory in
      expectRefusal(try MURouteProcess.run(Self.replay(out: "/proc/muroute-report"), in: directory), mentioning: "/proc")
      expectRefusal(try MURouteProcess.run(Self.replay(out: "missing/parent/report"), in: directory), mentioning: "parent")
    }
  }

  @Test func aMountPointIsAOneLineErrorAndKept() throws {
    guard geteuid() == 0 else { return }
    try withLog("out-mount") { directory in
      let mount = directory.appendingPathComponent("volume")
      try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
      guard Self.runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=8m", "muroute-test", mount.path]) == 0 else { return }
      defer { _ = Self.runTool("/bin/umount", [mount.path]) }
      // Even an empty or marked mount point cannot be renamed over: refuse, keep it mounted.
      expectRefusal(try MURouteProcess.run(Self.replay(out: "volume"), in: directory), mentioning: "mount point")
      #expect(try names(in: directory) == ["log.jsonl.zst", "volume"])
      // A directory inside it works.
      #expect(try MURouteProcess.run(Self.replay(out: "volume/report"), in: directory).status == 0)
      #expect(try names(in: mount) == ["report"])
    }
  }

  /// Another user's report in a sticky shared directory (/tmp-like): refused with one line,
  /// never a trap, nothing left behind.
  @Test func anotherUsersDirectoryInAStickyDirectoryIsAOneLineError() throws {
    guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
      let executable = MURouteProcess.executable
    else { return }
    try withLog("out-sticky") { directory in
      chmod(directory.path, 0o755)
      let shared = directory.appendingPathComponent("shared")
      try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
      chmod(shared.path, 0o1777)
      chmod(directory.appendingPathComponent("log.jsonl.zst").path, 0o644)
      // root's report in the shared directory.
      #expect(try MURouteProcess.run(Self.replay(out: "shared/report"), in: directory).status == 0)
      let before = MURouteProcess.contents(of: shared.appendingPathComponent("report"))
      // The unprivileged user can reach the executable only if every parent is searchable.
      let status = Self.runTool(
        "/usr/bin/setpriv",
        ["--reuid=65534", "--regid=65534", "--clear-groups", executable.path] + Self.replay(out: "shared/report"),
        in: directory)
      guard status != 126 && status != 127 else { return }
      #expect(status == 1)
      #expect(MURouteProcess.contents(of: shared.appendingPathComponent("report")) == before)
      #expect(try names(in: shared) == ["report"])
    }
  }

  @Test func convertAndSynthNeverOverwriteUnasked() throws {
    try withLog("out-convert") { directory in
      _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("mine.jsonl").path, contents: Data("mine".utf8))
      let convert = try MURouteProcess.run(["convert", "log.jsonl.zst", "--out", "mine.jsonl"], in: directory)
      #expect(convert.status == 1 && convert.standardError.contains("--force"), "\(convert.standardError)")
      let synth = try MURouteProcess.run(["synth", "--requests", "10", "--rate", "1", "--out", "mine.jsonl"], in: directory)
      #expect(synth.status == 1, "\(synth.standardError)")
      #expect(try String(contentsOf: directory.appendingPathComponent("mine.jsonl"), encoding: .utf8) == "mine")
      let same = try MURouteProcess.run(["convert", "log.jsonl.zst", "--out", "log.jsonl.zst", "--force"], in: directory)
      #expect(same.status == 1 && same.standardError.contains("input"), "\(same.standardError)")
      #expect(try MURouteProcess.run(["convert", "log.jsonl.zst", "--out", "mine.jsonl", "--force"], in: directory).status == 0)
      #expect(try String(contentsOf: directory.appendingPathComponent("mine.jsonl"), encoding: .utf8).hasPrefix("{\"ts\""))
      #expect(try names(in: directory) == ["log.jsonl.zst", "mine.jsonl"])
    }
  }

  /// SIGINT at any moment, writing included: the target holds the previous report or the new
  /// one, nothing is left beside it, and the message names only what was really removed.
  @Test func interruptsAtAnyMomentLeaveNothingAndSayTheTruth() throws {
    try withLog("out-sigint") { directory in
      let heavy = ["--window", "1", "--policy", "mu-least", "--policy", "mu-subset", "--policy", "round-robin"]
      #expect(try MURouteProcess.run(Self.replay(out: "complete", extra: heavy), in: directory).status == 0)
      let complete = MURouteProcess.contents(of: directory.appendingPathComponent("complete"))
      let started = Date()
      #expect(try MURouteProcess.run(Self.replay(out: "timing", extra: heavy), in: directory).status == 0)
      let fullRun = Date().timeIntervalSince(started)
      try FileManager.default.removeItem(at: directory.appendingPathComponent("timing"))
      var random = SystemRandomNumberGenerator()
      for round in 0..<8 {
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("report"))
        let stderr = directory.appendingPathComponent("stderr.txt")
        let process = try MURouteProcess.start(Self.replay(out: "report", extra: heavy), in: directory, standardError: stderr)
        Thread.sleep(forTimeInterval: fullRun * Double.random(in: 0.3...1.1, using: &random))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let message = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
        let left = try names(in: directory).filter { $0 != "stderr.txt" }
        if process.terminationStatus == 0 {
          #expect(left == ["complete", "log.jsonl.zst", "report"], "round \(round)")
        } else {
          #expect(process.terminationStatus == 130, "round \(round): \(message)")
          #expect(left == ["complete", "log.jsonl.zst"] || left == ["complete", "log.jsonl.zst", "report"], "round \(round): \(left)")
          if let range = message.range(of: "removed the unfinished output(s) ") {
            let named = message[range.upperBound...].prefix { $0 != ";" }
            for path in named.split(separator: ",") {
              #expect(!FileManager.default.fileExists(atPath: path.trimmingCharacters(in: .whitespaces)), "round \(round): \(message)")
            }
          }
        }
        if left.contains("report") {
          #expect(MURouteProcess.contents(of: directory.appendingPathComponent("report")) == complete, "round \(round)")
        }
      }
    }
  }

  @Test func hostileTenantNamesRenderAsText() throws {
    let directory = try MURouteProcess.temporaryDirectory("out-escape")
    defer { try? FileManager.default.removeItem(at: directory) }
    let names = ["<img src=x onerror=alert(1)>", "a|b", "line\\n# Injected heading", "=HYPERLINK(\\\"http://x\\\")", "@SUM(1)"]
    var lines: [String] = []
    for index in 0..<400 {
      let tenant = names[index % names.count]
      lines.append("{\"ts\":\(Double(index) * 0.05),\"input_tokens\":200,\"output_tokens\":20,\"tenant\":\"\(tenant)\"}")
    }
    try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("log.jsonl"), atomically: true, encoding: .utf8)
    let outcome = try MURouteProcess.run(
      ["replay", "log.jsonl", "--pods", "2", "--policy", "p2c", "--policy", "mu-subset", "--out", "report"], in: directory)
    #expect(outcome.status == 0, "\(outcome.standardError)")
    let markdown = try String(contentsOf: directory.appendingPathComponent("report/report.md"), encoding: .utf8)
    #expect(!markdown.contains("<img"))
    #expect(!markdown.contains("\n# Injected"))
    #expect(markdown.contains("&lt;img src=x onerror=alert(1)&gt;"))
    #expect(markdown.contains("a\\|b"))
    let csv = try String(contentsOf: directory.appendingPathComponent("report/tenants.csv"), encoding: .utf8)
    #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"))
    #expect(csv.contains("'=HYPERLINK") && csv.contains(",'@SUM(1),"))
  }

  static func runTool(_ path: String, _ arguments: [String], in directory: URL? = nil) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return 127 }
    process.waitUntilExit()
    return process.terminationStatus
  }
}
