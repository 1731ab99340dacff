import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A nightly job killed at any moment leaves the previous complete report or the new complete
/// one, never a mix; SIGINT and SIGTERM stop it cleanly with a message.
@Suite(.serialized) struct CrashSafetyTests {
  static let log = ["synth", "--requests", "600", "--pods", "8", "--seed", "5", "--out", "log.jsonl.zst"]

  /// A replay with a report of many files and rows (1 s windows), so that kills land while it
  /// writes too.
  static func replay(_ policies: [String], out: String) -> [String] {
    ["replay", "log.jsonl.zst", "--pods", "8", "--window", "1"] + policies.flatMap { ["--policy", $0] } + ["--out", out]
  }

  static let rounds = 10

  static func copyTree(_ from: URL, to: URL) throws {
    try? FileManager.default.removeItem(at: to)
    try FileManager.default.copyItem(at: from, to: to)
  }

  @Test func sigkillAtRandomMomentsNeverLeavesAPartialReport() throws {
    let directory = try MURouteProcess.temporaryDirectory("kill")
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try MURouteProcess.run(Self.log, in: directory).status == 0)
    // The previous report (A) and, separately, what the killed command writes when it finishes (B).
    #expect(try MURouteProcess.run(Self.replay(["p2c"], out: "previous"), in: directory).status == 0)
    let newPolicies = ["mu-least", "mu-subset"]
    let started = Date()
    // Written to the same --out as the killed runs (a report records its command line), then moved aside.
    #expect(try MURouteProcess.run(Self.replay(newPolicies, out: "nightly"), in: directory).status == 0)
    var fullRun = Date().timeIntervalSince(started)
    try FileManager.default.moveItem(at: directory.appendingPathComponent("nightly"), to: directory.appendingPathComponent("complete"))
    // The fastest of three runs: the first is often slower (cold caches), and an early kill
    // timed from it could land after a later, faster run has already swapped its report in.
    for _ in 0..<2 {
      let again = Date()
      #expect(try MURouteProcess.run(Self.replay(newPolicies, out: "nightly"), in: directory).status == 0)
      fullRun = min(fullRun, Date().timeIntervalSince(again))
      try FileManager.default.removeItem(at: directory.appendingPathComponent("nightly"))
    }
    let previous = MURouteProcess.contents(of: directory.appendingPathComponent("previous"))
    let complete = MURouteProcess.contents(of: directory.appendingPathComponent("complete"))
    #expect(!previous.isEmpty && !complete.isEmpty && previous != complete)

    let target = directory.appendingPathComponent("nightly")
    var random = SystemRandomNumberGenerator()
    var outcomes = (previous: 0, complete: 0)
    for round in 0..<Self.rounds {
      try Self.copyTree(directory.appendingPathComponent("previous"), to: target)
      let process = try MURouteProcess.start(Self.replay(newPolicies, out: "nightly"), in: directory)
      // Spread over the run, weighted to its end, where the report is written.
      let fraction = round < 3 ? Double.random(in: 0.02...0.5, using: &random) : Double.random(in: 0.5...1.15, using: &random)
      Thread.sleep(forTimeInterval: fullRun * fraction)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let left = MURouteProcess.contents(of: target)
      if left == previous {
        outcomes.previous += 1
      } else if left == complete {
        outcomes.complete += 1
      } else {
        Issue.record("round \(round): a kill at \(fraction) of the run left neither report: \(left.keys.sorted())")
      }
    }
    #expect(outcomes.previous + outcomes.complete == Self.rounds, "\(outcomes)")
    // Kills early in the run certainly come before the swap.
    #expect(outcomes.previous >= 3, "\(outcomes)")
    // The next run completes and clears what the killed ones left beside the target.
    #expect(try MURouteProcess.run(Self.replay(newPolicies, out: "nightly"), in: directory).status == 0)
    #expect(MURouteProcess.contents(of: target) == complete)
    let debris = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("nightly.") }
    #expect(debris.isEmpty, "left beside the report: \(debris)")
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func interruptsStopCleanlyWithAMessageAndNoDebris(signal: Int32) throws {
    let directory = try MURouteProcess.temporaryDirectory("interrupt")
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try MURouteProcess.run(Self.log, in: directory).status == 0)
    let stderr = directory.appendingPathComponent("stderr.txt")
    let process = try MURouteProcess.start(
      Self.replay(["mu-least", "mu-subset", "round-robin", "p2c", "llm-d", "chwbl"], out: "report"), in: directory, standardError: stderr)
    Thread.sleep(forTimeInterval: 0.5)
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    let message = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 128 + signal)
    #expect(message.contains("muroute: stopped by \(signal == SIGINT ? "SIGINT" : "SIGTERM")"), "\(message)")
    let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(left == ["log.jsonl.zst", "stderr.txt"])
  }

  @Test func anInterruptedSynthLeavesNoPartialLog() throws {
    let directory = try MURouteProcess.temporaryDirectory("interrupt-synth")
    defer { try? FileManager.default.removeItem(at: directory) }
    let stderr = directory.appendingPathComponent("stderr.txt")
    // A synth large enough to be still writing after 0.3 s.
    let process = try MURouteProcess.start(
      ["synth", "--requests", "2000000", "--pods", "64", "--out", "big.jsonl.zst"], in: directory, standardError: stderr)
    Thread.sleep(forTimeInterval: 0.3)
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationStatus == 128 + SIGTERM)
    let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(left == ["stderr.txt"])
    let message = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
    #expect(message.contains("removed the unfinished output(s) ") && message.contains("big.jsonl.zst"), "\(message)")
  }
}
