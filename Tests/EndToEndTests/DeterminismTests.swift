import Foundation
import Testing

/// The same inputs, flags and seed give byte-identical outputs in separate processes, whatever
/// seed Swift picks for `Dictionary` and `Set` hashing in each (it randomises it per process
/// unless SWIFT_DETERMINISTIC_HASHING is set, so these runs leave it unset, then set it once).
@Suite struct DeterminismTests {
  /// The commands whose outputs are compared, run in a scratch directory holding the inputs.
  static let commands: [[String]] = [
    [
      "synth", "--requests", "1500", "--pods", "4", "--block-size", "64", "--hot-tenant", "2", "--hot-window", "10:30",
      "--seed", "11", "--out", "log.jsonl.zst",
    ],
    ["convert", "log.jsonl.zst", "--out", "converted.csv"],
    [
      "replay", "log.jsonl.zst", "--pods", "4", "--window", "5", "--events", "events.jsonl", "--contracts", "contracts.yaml",
      "--policy", "p2c", "--policy", "consistent-hash", "--policy", "chwbl", "--policy", "sglang-cache-aware",
      "--policy", "dynamo-kv", "--policy", "llm-d", "--policy", "prefix-aware", "--policy", "random",
      "--policy", "mu-subset", "--policy", "dicer-random", "--routers", "2", "--baseline", "p2c", "--out", "replay",
    ],
    [
      "replay", "log.jsonl.zst", "--pods", "2", "--autoscale", "--autoscale-min", "1", "--autoscale-max", "6",
      "--scale-window", "5", "--scale-up-sustain", "5", "--scale-down-sustain", "10", "--cold-start", "5",
      "--policy", "mu-subset", "--policy", "llm-d", "--out", "autoscale",
    ],
    ["sweep", "log.jsonl.zst", "--pods", "4", "--policy", "mu-subset,dicer-random", "--subset-size", "1,2", "--out", "sweep"],
  ]

  static func inputs(into directory: URL) throws {
    let events = """
      {"t": 8, "event": "slow_pod", "pod": 1, "factor": 3}
      {"t": 15, "event": "pod_down", "pod": 2}
      {"t": 25, "event": "pod_up", "pod": 2}
      {"t": 30, "event": "sharder_outage", "duration": 10}

      """
    let contracts = """
      best_effort_mu_per_min: 40
      tenants:
        tenant-2: {reserved_mu_per_min: 30}
        tenant-0: {reserved_mu_per_min: 20}

      """
    try events.write(to: directory.appendingPathComponent("events.jsonl"), atomically: true, encoding: .utf8)
    try contracts.write(to: directory.appendingPathComponent("contracts.yaml"), atomically: true, encoding: .utf8)
  }

  /// Runs every command in a fresh directory; returns every file it holds afterwards plus the
  /// `inspect --json` output.
  static func outputs(deterministicHashing: Bool) throws -> [String: Data] {
    let directory = try MURouteProcess.temporaryDirectory("determinism")
    defer { try? FileManager.default.removeItem(at: directory) }
    try inputs(into: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_DETERMINISTIC_HASHING"] = deterministicHashing ? "1" : nil
    for command in commands {
      let outcome = try MURouteProcess.run(command, in: directory, environment: environment)
      #expect(outcome.status == 0, "\(command.joined(separator: " ")): \(outcome.standardError)")
    }
    let inspect = try MURouteProcess.run(["inspect", "--json", "converted.csv"], in: directory, environment: environment)
    var files = MURouteProcess.contents(of: directory)
    files["inspect.json"] = Data(inspect.standardOutput.utf8)
    return files
  }

  @Test func outputsAreByteIdenticalAcrossProcessesAndHashSeeds() throws {
    let first = try Self.outputs(deterministicHashing: false)
    let second = try Self.outputs(deterministicHashing: false)
    let fixed = try Self.outputs(deterministicHashing: true)
    #expect(first.count > 40, "expected every report file, got \(first.keys.sorted())")
    for (name, data) in first.sorted(by: { $0.key < $1.key }) {
      #expect(second[name] == data, "\(name) differs between two processes")
      #expect(fixed[name] == data, "\(name) differs with deterministic hashing")
    }
    #expect(Set(first.keys) == Set(second.keys) && Set(first.keys) == Set(fixed.keys))
  }
}
