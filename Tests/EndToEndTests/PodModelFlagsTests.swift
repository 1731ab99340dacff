import Foundation
import Testing

/// `--scheduler` and `--router-profile` / `--router-scale` on the command line.
@Suite(.serialized) struct PodModelFlagsTests {
  static func replay(_ extra: [String]) -> [String] {
    ["replay", "log.jsonl.zst", "--pods", "2", "--policy", "mu-least", "--out", "report"] + extra
  }

  @Test func schedulerAndBelievedProfileReachTheReport() throws {
    let directory = try MURouteProcess.temporaryDirectory("pod-model-flags")
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try MURouteProcess.run(["synth", "--requests", "200", "--pods", "2", "--seed", "3", "--out", "log.jsonl.zst"], in: directory).status == 0)
    let report = directory.appendingPathComponent("report/report.md")

    let chunked = try MURouteProcess.run(Self.replay([]), in: directory)
    #expect(chunked.status == 0, "\(chunked.standardError)")
    let chunkedText = try String(contentsOf: report, encoding: .utf8)
    #expect(!chunkedText.contains("scheduler") && !chunkedText.contains("routers believe"))

    let first = try MURouteProcess.run(Self.replay(["--scheduler", "prefill-first", "--router-scale", "prefill=1.2", "--force"]), in: directory)
    #expect(first.status == 0, "\(first.standardError)")
    let text = try String(contentsOf: report, encoding: .utf8)
    #expect(text.contains("2 x llama-3-8b-a100 (prefill-first scheduler)"))
    #expect(text.contains("llama-3-8b-a100 scaled prefill=1.2 (the pods run llama-3-8b-a100)"))

    let bad = try MURouteProcess.run(Self.replay(["--scheduler", "fcfs", "--force"]), in: directory)
    #expect(
      bad.status == 64 && bad.standardError.contains("'fcfs' is invalid for '--scheduler <scheduler>': use one of chunked, prefill-first"),
      "\(bad.standardError)")
    let badScale = try MURouteProcess.run(Self.replay(["--router-scale", "prefill=0", "--force"]), in: directory)
    #expect(badScale.status == 64 && badScale.standardError.contains("--router-scale"), "\(badScale.standardError)")
  }
}
