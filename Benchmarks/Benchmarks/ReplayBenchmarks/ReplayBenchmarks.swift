import Benchmark
import Foundation
import Fleet
import Replay
import Routing
import Synth
import Traces
import Workload

/// The synthetic log as a replay source, so the engine benchmarks measure simulation, not I/O.
struct GeneratedSource: RecordSource {
  var generator: SynthGenerator
  mutating func next() -> TraceRecord? { generator.next() }
}

/// One replay of `requests` synthetic requests on `pods` pods at 70% utilisation.
func replay(policy: RoutingPolicyKind, requests: Int, pods: Int, blockSize: Int) throws -> Int {
  let synth = SynthConfiguration(
    requests: requests, blockSize: blockSize, load: .fleet(pods: pods, utilization: 0.7))
  let source = GeneratedSource(generator: try SynthGenerator(configuration: synth))
  let configuration = ReplayConfiguration(pods: pods, profile: .llama3_8B_A100)
  var engine = ReplayEngine(source: source, configuration: configuration, policy: policy)
  return try engine.run().completed
}

/// The bundled sample, found from this file's path.
let sampleLog = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("traces/sample-chat.jsonl.zst").path

/// A long-context agentic log (`synth --workload agentic`, 64-token blocks: prompts ~50k tokens,
/// ~800 blocks each) written once per run as the binary log and as zstd canonical JSON Lines,
/// so the two readers are measured on the same records.
let agenticLogs: (binary: String, jsonl: String, records: Int) = {
  let records = 5_000
  var configuration = SynthConfiguration(
    requests: records, seed: 1, blockSize: 64, load: .fleet(pods: 64, utilization: 0.7, podCapacity: 0.1))
  SynthWorkload.agentic.apply(to: &configuration)
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("muroute-bench-agentic")
  try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let binary = directory.appendingPathComponent("agentic.mrlog").path
  let jsonl = directory.appendingPathComponent("agentic.jsonl.zst").path
  do {
    var generator = try SynthGenerator(configuration: configuration)
    let binaryWriter = try BinaryLogWriter(path: binary)
    let textWriter = try CanonicalLogWriter(path: jsonl, compressionLevel: 3)
    while let record = generator.next() {
      try binaryWriter.write(record)
      try textWriter.write(record)
    }
    try binaryWriter.finish()
    try textWriter.finish()
  } catch {
    print("cannot write the agentic benchmark logs: \(error)")
  }
  return (binary, jsonl, records)
}()

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 20)

  // Reading: zstd stream, line split, JSON field scan, prefix-block arrays (8,000 records).
  Benchmark("parse sample-chat (8k records)", configuration: .init(scalingFactor: .kilo)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try TraceParseBenchmark.run(path: sampleLog).records)
    }
  }

  // The binary log against the JSON Lines it stands for, on 5,000 long-context agentic records
  // (throughput is records/s: one scaled iteration per record).
  Benchmark("parse agentic 5k records (mrlog)", configuration: .init(maxIterations: 10)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try TraceParseBenchmark.run(path: agenticLogs.binary).records)
    }
  }
  Benchmark("parse agentic 5k records (jsonl.zst)", configuration: .init(maxIterations: 3)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try TraceParseBenchmark.run(path: agenticLogs.jsonl).records)
    }
  }

  // Reading a log of your choice (scripts/benchmark sets it to a 1,000,000-line log): one
  // iteration reads it whole; records/s is the line count over the wall time.
  if let log = ProcessInfo.processInfo.environment["MUROUTE_PARSE_LOG"] {
    Benchmark("parse \((log as NSString).lastPathComponent)", configuration: .init(maxIterations: 5)) { benchmark in
      for _ in benchmark.scaledIterations {
        blackHole(try TraceParseBenchmark.run(path: log).records)
      }
    }
  }

  // The engine alone on generated arrivals (no file I/O), per policy family.
  for policy in [RoutingPolicyKind.roundRobin, .muLeast, .muSubset, .sglangCacheAware] {
    Benchmark("replay \(policy.rawValue) 20k requests, 64 pods", configuration: .init(scalingFactor: .kilo)) { benchmark in
      for _ in benchmark.scaledIterations {
        blackHole(try replay(policy: policy, requests: 20_000, pods: 64, blockSize: 16))
      }
    }
  }

  Benchmark("replay mu-least 20k requests, 64 pods, 64-token blocks", configuration: .init(scalingFactor: .kilo)) {
    benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try replay(policy: .muLeast, requests: 20_000, pods: 64, blockSize: 64))
    }
  }
}
