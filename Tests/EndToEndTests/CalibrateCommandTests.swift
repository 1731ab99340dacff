import Foundation
import Testing

/// `muroute calibrate`: writes a loadable profile, never over a file without --force, and
/// refuses logs without observations, saying which are missing.
@Suite(.serialized) struct CalibrateCommandTests {
  /// 400 requests on 4 pods with plausible observed timings (not from any profile).
  static func writeLog(to url: URL, withPods: Bool = true) throws {
    var lines: [String] = []
    for i in 0..<400 {
      let input = 200 + (i * 37) % 1800
      let output = 10 + (i * 13) % 90
      let ttft = 20 + Double(input) * 0.07
      let e2e = ttft + Double(output - 1) * 15
      let pod = withPods ? #","pod":"p\#(i % 4)""# : ""
      lines.append(
        #"{"ts":\#(Double(i) * 0.05),"input_tokens":\#(input),"output_tokens":\#(output)\#(pod),"ttft_ms":\#(ttft),"e2e_ms":\#(e2e)}"#)
    }
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
  }

  static let calibrate = ["calibrate", "log.jsonl", "--profile", "llama-3-8b-a100", "--out", "fitted.json", "--max-evaluations", "8"]

  @Test func writesAProfileAndNeverOverwritesWithoutForce() throws {
    let directory = try MURouteProcess.temporaryDirectory("calibrate")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.writeLog(to: directory.appendingPathComponent("log.jsonl"))
    let first = try MURouteProcess.run(Self.calibrate, in: directory)
    #expect(first.status == 0, "\(first.standardError)")
    #expect(first.standardOutput.contains("Held-out check") && first.standardOutput.contains("| `prefillTokenMillis` |"))
    let written = directory.appendingPathComponent("fitted.json")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: written)) as? [String: Any])
    #expect(json["name"] as? String == "llama-3-8b-a100-calibrated" && json["scheduler"] as? String == "chunked")
    // The written profile replays.
    let replay = try MURouteProcess.run(
      ["replay", "log.jsonl", "--profile", "fitted.json", "--pods", "4", "--policy", "p2c", "--out", "report"], in: directory)
    #expect(replay.status == 0, "\(replay.standardError)")

    try Data("mine\n".utf8).write(to: written)
    let refused = try MURouteProcess.run(Self.calibrate, in: directory)
    #expect(refused.status == 1 && refused.standardError.contains("already exists"), "\(refused.standardError)")
    #expect(try String(contentsOf: written, encoding: .utf8) == "mine\n")
    let forced = try MURouteProcess.run(Self.calibrate + ["--force"], in: directory)
    #expect(forced.status == 0, "\(forced.standardError)")
    #expect(try String(contentsOf: written, encoding: .utf8).contains("prefillTokenMillis"))
    // Nothing but the log, the profile and the report is left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["fitted.json", "log.jsonl", "report"])
  }

  @Test func refusesALogWithoutPodsNamingWhatIsMissing() throws {
    let directory = try MURouteProcess.temporaryDirectory("calibrate-no-pods")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.writeLog(to: directory.appendingPathComponent("log.jsonl"), withPods: false)
    let outcome = try MURouteProcess.run(Self.calibrate, in: directory)
    #expect(outcome.status == 1)
    #expect(outcome.standardError.contains("400 lack pod") && outcome.standardError.contains("log.jsonl"), "\(outcome.standardError)")
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("fitted.json").path))
  }
}
