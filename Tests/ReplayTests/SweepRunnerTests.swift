import Fleet
import Foundation
import Measurements
import Reports
import Verdicts
import Routing
import Testing
import Traces
import Workload
@testable import Replay

/// A sweep end to end: a small log written to a temporary zstd file, streamed once per point.
@Suite struct SweepRunnerTests {
  /// 60 requests over 30 s from six sessions that share a prefix per session.
  static func records() -> [TraceRecord] {
    (0..<60).map { i in
      let session = i % 6
      return TraceRecord(
        arrivalNanos: Int64(i) * 500_000_000, inputTokens: 256 + 16 * (i % 4), outputTokens: 16 + i % 8,
        tenant: "t\(session % 2)", session: "s\(session)",
        prefixBlocks: (0..<16).map { UInt64(session * 1_000 + $0) }, blockSize: 16)
    }
  }

  static func writeLog() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString).jsonl.zst").path
    let writer = try CanonicalLogWriter(path: path, compressionLevel: 3)
    for record in records() { try writer.write(record) }
    try writer.finish()
    return path
  }

  static func base() throws -> ReplayConfiguration {
    let profile = try #require(CostProfile.builtIn(named: "llama-3-8b-a100"))
    return ReplayConfiguration(pods: 4, profile: profile, muPerMinute: 100, reportInterval: .seconds(1), window: .seconds(10))
  }

  @Test func pointsComeBackInPointOrderAndMatchSingleReplays() async throws {
    let path = try Self.writeLog()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let plan = try SweepPlan(policies: ["mu-subset,p2c"], subsetSizes: ["1,2"], pods: ["4"], spills: ["global"], muPerMinute: ["100"])
    let points = plan.points
    #expect(points.count == 3)
    let base = try Self.base()
    let runs = try await SweepRunner.run(points: points, base: base, parallelism: 2) {
      TraceSource(reader: try TraceReader(path: path))
    }
    #expect(runs.map(\.policy) == ["mu-subset", "mu-subset", "p2c"])
    #expect(runs.allSatisfy { $0.offered == 60 })
    // The last point replayed on its own gives the same numbers (order of completion does not matter).
    var alone = ReplayEngine(
      source: TraceSource(reader: try TraceReader(path: path)), configuration: points[2].configuration(from: base), policy: .p2c)
    let single = try alone.run()
    #expect(
      SummaryMetrics.metrics(of: single, sampleInterval: base.reportInterval)
        == SummaryMetrics.metrics(of: runs[2], sampleInterval: base.reportInterval))
    #expect(runs[0].sharding?.maxReplicas == 1)
    #expect(runs[1].sharding?.maxReplicas == 2)

    let results = zip(points, runs).map {
      SweepResult(point: $0, metrics: SummaryMetrics.metrics(of: $1, sampleInterval: base.reportInterval))
    }
    let report = SweepReport(source: "log.jsonl.zst", settings: [], points: results, objective: SweepObjective())
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-out-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    try ReportSink.writeDirectory(report.files(), to: out)
    for name in ["sweep.md", "sweep.csv", "sweep.json", "svg/tradeoff.svg"] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name) missing")
    }
    let csv = try String(contentsOfFile: out + "/sweep.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 4)
    // A second sweep writes byte-identical files.
    let interval = base.reportInterval
    let again = try await SweepRunner.run(
      points: points, base: base, parallelism: 3, makeSource: { TraceSource(reader: try TraceReader(path: path)) },
      summarise: { SummaryMetrics.metrics(of: $0, sampleInterval: interval) })
    let files = SweepReport(
      source: "log.jsonl.zst", settings: [], points: zip(points, again).map { SweepResult(point: $0, metrics: $1) },
      objective: SweepObjective()
    ).files()
    #expect(files == report.files())
  }
}

/// The trace reader as a replay source.
struct TraceSource: RecordSource {
  let reader: TraceReader
  mutating func next() throws -> TraceRecord? { try reader.next() }
}

extension SweepResult {
  /// The report row of `point` (the command line's glue, which this suite cannot import).
  init(point: SweepPoint, metrics: [SummaryMetric]) {
    self.init(
      policy: point.policy.rawValue, subsetSize: point.subsetSize?.description, subsetSizeMax: point.subsetSize?.max,
      pods: point.pods, spill: point.spill?.rawValue, muPerMinute: point.muPerMinute, metrics: metrics)
  }
}
