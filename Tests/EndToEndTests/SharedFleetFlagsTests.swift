import Foundation
import Testing

/// `replay` and `sweep` declare their shared fleet flags once: a flag `replay` takes, `sweep`
/// takes too, with the same meaning.
@Suite struct SharedFleetFlagsTests {
  @Test func sweepTakesReplaysSchedulerAndRouterFlags() throws {
    let directory = try MURouteProcess.temporaryDirectory("shared-fleet-flags")
    defer { try? FileManager.default.removeItem(at: directory) }
    let synth = try MURouteProcess.run(["synth", "--requests", "120", "--pods", "2", "--seed", "3", "--out", "log.jsonl"], in: directory)
    try #require(synth.status == 0, "\(synth.standardError)")
    let sweep = try MURouteProcess.run(
      [
        "sweep", "log.jsonl", "--pods", "2", "--subset-size", "1", "--scheduler", "Prefill-First", "--router-scale", "prefill=1.2",
        "--shard-key", "tenant", "-o", "s",
      ], in: directory)
    try #require(sweep.status == 0, "\(sweep.standardError)")
    let text = try String(contentsOf: directory.appendingPathComponent("s/sweep.md"), encoding: .utf8)
    #expect(text.contains("- **profile**: llama-3-8b-a100 (prefill-first scheduler)"))
    #expect(text.contains("- **routers believe**: llama-3-8b-a100 scaled prefill=1.2 (the pods run llama-3-8b-a100)"))
    #expect(text.contains("- **shard key**: tenant, spill above 1.25 x fleet mean"))
  }
}
