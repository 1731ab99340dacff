import Foundation
import Testing

/// `muroute synth --workload`: the agentic preset through the command line.
@Suite struct SynthWorkloadTests {
  /// The `input_tokens` and `ts` of every line of a canonical JSONL log.
  static func prompts(_ url: URL) throws -> [(ts: Double, input: Int)] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      return (try #require(object["ts"] as? Double), try #require(object["input_tokens"] as? Int))
    }
  }

  @Test func agenticWorkloadGivesLongPromptsAtItsOwnPodCapacity() throws {
    let directory = try MURouteProcess.temporaryDirectory("synth-workload")
    defer { try? FileManager.default.removeItem(at: directory) }
    for workload in ["chat", "agentic"] {
      let run = try MURouteProcess.run(
        ["synth", "--workload", workload, "--requests", "300", "--pods", "8", "--block-size", "64", "--out", "\(workload).jsonl"],
        in: directory)
      try #require(run.status == 0, "\(run.standardError)")
    }
    let chat = try Self.prompts(directory.appendingPathComponent("chat.jsonl"))
    let agentic = try Self.prompts(directory.appendingPathComponent("agentic.jsonl"))
    #expect(chat.count == 300 && agentic.count == 300)
    let chatMean = Double(chat.map(\.input).reduce(0, +)) / 300
    let agenticMean = Double(agentic.map(\.input).reduce(0, +)) / 300
    #expect(chatMean < 3_000, "chat mean prompt \(chatMean)")
    // A short log is young: its sessions have not grown yet, but every prompt starts long.
    #expect(agenticMean > 20_000, "agentic mean prompt \(agenticMean)")
    // 8 pods at 70% of 0.1 req/s (agentic) or 5.6 req/s (chat): 300 requests span ~536 s or ~10 s.
    let chatSpan = try #require(chat.last?.ts)
    let agenticSpan = try #require(agentic.last?.ts)
    #expect(agenticSpan > 5 * chatSpan, "spans \(agenticSpan) s and \(chatSpan) s")
  }

  @Test func unknownWorkloadIsAUsageError() throws {
    let directory = try MURouteProcess.temporaryDirectory("synth-workload-bad")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try MURouteProcess.run(["synth", "--workload", "agentik", "--out", "x.jsonl"], in: directory)
    #expect(run.status == 64)
    #expect(run.standardError.contains("--workload 'agentik': use one of chat, agentic"), "\(run.standardError)")
  }
}
