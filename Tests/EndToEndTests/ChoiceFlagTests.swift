import Foundation
import Testing

/// Every flag that takes one of a fixed set of names answers a misspelled value with the names
/// and the closest one, as the user typed it on the command line.
@Suite struct ChoiceFlagTests {
  static let cases: [(arguments: [String], suggestion: String)] = [
    (["replay", "log.jsonl", "--out", "r", "--spill", "globl"], "global"),
    (["replay", "log.jsonl", "--out", "r", "--pod-mode", "steping"], "stepping"),
    (["replay", "log.jsonl", "--out", "r", "--predictor", "tenant-maen"], "tenant-mean"),
    (["replay", "log.jsonl", "--out", "r", "--arrivals", "closed-lop"], "closed-loop"),
    (["replay", "log.jsonl", "--out", "r", "--policy", "mu-subst"], "mu-subset"),
    (["replay", "log.jsonl", "--out", "r", "--policy", "p2c,mu-subst"], "mu-subset"),
    (["replay", "log.jsonl", "--out", "r", "--baseline", "p2x"], "p2c"),
    (["replay", "log.jsonl", "--out", "r", "--scheduler", "chunkd"], "chunked"),
    (["sweep", "log.jsonl", "--out", "s", "--scheduler", "prefill-frist"], "prefill-first"),
    (["replay", "log.jsonl", "--out", "r", "--format", "mooncak"], "mooncake"),
    (["replay", "log.jsonl", "--out", "r", "--ts-unit", "mss"], "ms"),
    (["sweep", "log.jsonl", "--out", "s", "--objective", "min-imbalanse"], "min-imbalance"),
    (["sweep", "log.jsonl", "--out", "s", "--spill", "queu"], "queue"),
    (["sweep", "log.jsonl", "--out", "s", "--policy", "p2x"], "p2c"),
    (["sweep", "log.jsonl", "--out", "s", "--pod-mode", "evnt"], "event"),
    (["sweep", "log.jsonl", "--out", "s", "--predictor", "orcle"], "oracle"),
    (["sweep", "log.jsonl", "--out", "s", "--arrivals", "loged"], "logged"),
    (["inspect", "log.jsonl", "--format", "bursgpt"], "burstgpt"),
  ]

  @Test(arguments: 0..<cases.count) func aMisspelledValueGetsASuggestion(_ index: Int) throws {
    let (arguments, suggestion) = Self.cases[index]
    let directory = try MURouteProcess.temporaryDirectory("choice-flags")
    defer { try? FileManager.default.removeItem(at: directory) }
    let outcome = try MURouteProcess.run(arguments, in: directory)
    #expect(outcome.status == 64, "\(arguments.joined(separator: " ")): \(outcome.standardError)")
    #expect(
      outcome.standardError.contains("did you mean '\(suggestion)'?"),
      "\(arguments.joined(separator: " ")): \(outcome.standardError)")
  }

  @Test func choiceNamesIgnoreCase() throws {
    let directory = try MURouteProcess.temporaryDirectory("choice-case")
    defer { try? FileManager.default.removeItem(at: directory) }
    let synth = try MURouteProcess.run(["synth", "--requests", "40", "--pods", "2", "--seed", "3", "--out", "log.jsonl"], in: directory)
    try #require(synth.status == 0, "\(synth.standardError)")
    let replay = try MURouteProcess.run(
      [
        "replay", "log.jsonl", "--pods", "2", "--policy", "MU-Subset", "--spill", "QUEUE", "--pod-mode", "Stepping",
        "--predictor", "Oracle", "--arrivals", "Logged", "--ts-unit", "S", "--shard-key", "Tenant", "--scheduler", "Chunked",
        "--out", "r",
      ], in: directory)
    #expect(replay.status == 0, "\(replay.standardError)")
  }
}
