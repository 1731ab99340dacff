import Foundation
import Testing

/// `--max-waiting` from the command line and the scenario file, through to the report files.
@Suite struct OverloadCeilingCLITests {
  /// A burst of `count` requests at one instant: what a log of one line repeated looks like.
  static func writeBurst(_ count: Int, to url: URL) throws {
    let line = #"{"ts":0,"input_tokens":100,"output_tokens":10,"tenant":"acme"}"# + "\n"
    try String(repeating: line, count: count).write(to: url, atomically: true, encoding: .utf8)
  }

  static func column(_ name: String, of csv: String) -> [String] {
    let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    guard let header = rows.first, let index = header.firstIndex(of: name) else { return [] }
    return rows.dropFirst().map { index < $0.count ? $0[index] : "" }
  }

  @Test func aBurstBeyondTheFlagIsCountedInEveryReportFile() throws {
    let directory = try MURouteProcess.temporaryDirectory("overload")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.writeBurst(600, to: directory.appendingPathComponent("burst.jsonl"))
    let run = try MURouteProcess.run(
      ["replay", "burst.jsonl", "--pods", "2", "--policy", "p2c", "--policy", "round-robin", "--max-waiting", "100", "--out", "r"],
      in: directory)
    try #require(run.status == 0, "\(run.standardError)")
    let out = directory.appendingPathComponent("r")
    let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
    #expect(Self.column("rejected_overload", of: summary) == ["500", "500"])
    #expect(Self.column("rejected", of: summary) == ["500", "500"])
    #expect(Self.column("completed", of: summary) == ["100", "100"])
    let json = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
    #expect(json.components(separatedBy: "\"rejected_overload\": 500").count == 3)
    let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
    #expect(report.contains("| rejected overload |"))
    #expect(report.contains("**max waiting**: 100 requests in the simulator at once"))
  }

  @Test func theScenarioKeySetsTheCeilingAndTheFlagOverridesIt() throws {
    let directory = try MURouteProcess.temporaryDirectory("overload-scenario")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.writeBurst(300, to: directory.appendingPathComponent("burst.jsonl"))
    try "fleet: {pods: 2, max_waiting: 50}\npolicies: [p2c]\n".write(
      to: directory.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    let fromFile = try MURouteProcess.run(["replay", "burst.jsonl", "--scenario", "s.yaml", "--out", "a"], in: directory)
    try #require(fromFile.status == 0, "\(fromFile.standardError)")
    let a = try String(contentsOf: directory.appendingPathComponent("a/summary.csv"), encoding: .utf8)
    #expect(Self.column("rejected_overload", of: a) == ["250"])
    let overridden = try MURouteProcess.run(
      ["replay", "burst.jsonl", "--scenario", "s.yaml", "--max-waiting", "120", "--out", "b"], in: directory)
    try #require(overridden.status == 0, "\(overridden.standardError)")
    let b = try String(contentsOf: directory.appendingPathComponent("b/summary.csv"), encoding: .utf8)
    #expect(Self.column("rejected_overload", of: b) == ["180"])
  }

  @Test func sweepTakesTheFlag() throws {
    let directory = try MURouteProcess.temporaryDirectory("overload-sweep")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.writeBurst(300, to: directory.appendingPathComponent("burst.jsonl"))
    let sweep = try MURouteProcess.run(
      ["sweep", "burst.jsonl", "--pods", "2", "--policy", "p2c", "--subset-size", "1", "--max-waiting", "40", "--out", "s"],
      in: directory)
    try #require(sweep.status == 0, "\(sweep.standardError)")
    let csv = try String(contentsOf: directory.appendingPathComponent("s/sweep.csv"), encoding: .utf8)
    #expect(Self.column("rejected_overload", of: csv) == ["260"])
  }

  @Test(arguments: ["0", "-3", "many", "1.5"])
  func aCeilingThatIsNotAPositiveWholeNumberIsAUsageError(value: String) throws {
    let directory = try MURouteProcess.temporaryDirectory("overload-flag")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.writeBurst(10, to: directory.appendingPathComponent("burst.jsonl"))
    for command in ["replay", "sweep"] {
      let run = try MURouteProcess.run([command, "burst.jsonl", "--pods", "2", "--max-waiting=\(value)", "--out", "r"], in: directory)
      #expect(run.status == 64, "\(command) \(value): \(run.standardError)")
      #expect(run.standardError.contains("max-waiting"), "\(command) \(value): \(run.standardError)")
    }
  }
}
