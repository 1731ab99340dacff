import Foundation
import Testing

/// Issue 15 item 7: a `--fail-if` that could never fire is a usage error, and every threshold
/// and breach is recorded in the report, not only printed.
@Suite struct FailIfTests {
  static func synthLog(in directory: URL) throws {
    let synth = try MURouteProcess.run(["synth", "--requests", "120", "--pods", "2", "--seed", "3", "--out", "log.jsonl"], in: directory)
    try #require(synth.status == 0, "\(synth.standardError)")
  }

  @Test func thresholdsThatCannotFireAreUsageErrors() throws {
    let directory = try MURouteProcess.temporaryDirectory("fail-if")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.synthLog(in: directory)
    let replay = ["replay", "log.jsonl", "--pods", "2", "--policy", "p2c", "--out", "r"]
    // mu-subset is not replayed: before, this exited 0 and the nightly job passed silently.
    let policy = try MURouteProcess.run(replay + ["--fail-if", "mu-subset:spill_rate > 0.02"], in: directory)
    #expect(policy.status == 64, "\(policy.standardError)")
    #expect(policy.standardError.contains("policy 'mu-subset' is not replayed"))
    // Admission columns exist only with --contracts.
    let metric = try MURouteProcess.run(replay + ["--fail-if", "admission_rejects > 0"], in: directory)
    #expect(metric.status == 64, "\(metric.standardError)")
    #expect(metric.standardError.contains("no metric 'admission_rejects'"))
    let sweep = try MURouteProcess.run(
      ["sweep", "log.jsonl", "--pods", "2", "--policy", "p2c", "--out", "s", "--fail-if", "mu-least:ttft_p99_ms > 1"], in: directory)
    #expect(sweep.status == 64, "\(sweep.standardError)")
  }

  @Test func thresholdsAndBreachesAreRecordedInTheReport() throws {
    let directory = try MURouteProcess.temporaryDirectory("fail-if-report")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.synthLog(in: directory)
    let outcome = try MURouteProcess.run(
      [
        "replay", "log.jsonl", "--pods", "2", "--policy", "p2c", "--out", "r",
        "--fail-if", "p2c:completed > 0", "--fail-if", "spill_rate > 0.5",
      ], in: directory)
    #expect(outcome.status == 3, "\(outcome.standardError)")
    let markdown = try String(contentsOf: directory.appendingPathComponent("r/report.md"), encoding: .utf8)
    #expect(markdown.contains("## Thresholds"))
    #expect(markdown.contains("| `p2c:completed > 0` | p2c (completed = 120) |"))
    #expect(markdown.contains("| `spill_rate > 0.5` | - |"))
    let json = try String(contentsOf: directory.appendingPathComponent("r/summary.json"), encoding: .utf8)
    #expect(json.contains("\"expression\": \"p2c:completed > 0\""))
    #expect(json.contains("{\"policy\": \"p2c\", \"actual\": 120}"))
    // The tool's version and the command line, the program named muroute whatever path ran it,
    // without where the report was written.
    #expect(json.contains("\"tool\": \"muroute "))
    #expect(json.contains("\"command_line\": \"muroute replay log.jsonl --pods 2 --policy p2c --fail-if 'p2c:completed > 0' --fail-if 'spill_rate > 0.5'\""))
    #expect(markdown.contains("- **produced by**: muroute "))
  }
}
