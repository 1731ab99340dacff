import Foundation
import Testing
import Workload

@testable import Traces

@Suite struct CanonicalLogWriterTests {
  @Test func encodesFieldsInDocumentedOrder() {
    var bytes: [UInt8] = []
    CanonicalLogWriter.encode(
      TraceRecord(
        arrivalNanos: 12_500_000_000, inputTokens: 1834, outputTokens: 211, tenant: "t\"3", session: "s91",
        prefixBlocks: [123, 456], blockSize: 16, observed: ObservedOutcome(status: .ok)),
      into: &bytes)
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == #"{"ts":12.5,"input_tokens":1834,"output_tokens":211,"tenant":"t\"3","session":"s91","prefix_blocks":[123,456],"block_size":16,"status":"ok"}"#
        + "\n")
  }

  @Test func timestampsKeepNanoseconds() {
    #expect(Seconds.text(1_700_158_623_979_960_000) == "1700158623.97996")
    #expect(Seconds.text(-1_500_000) == "-0.0015")
    #expect(Seconds.text(0) == "0")
    var bytes: [UInt8] = []
    Seconds.append(1_000_000_007, to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == "1.000000007")
  }

  /// Every record field survives canonical text, compressed or not.
  @Test(arguments: [nil, 3] as [Int?])
  func roundTripsEveryField(level: Int?) throws {
    let records = [
      TraceRecord(
        arrivalNanos: 1_700_158_623_979_960_012, inputTokens: 10, outputTokens: 2, id: "r\n1", tenant: "é",
        session: "s", model: "m", maxTokens: 64, prefixBlocks: [0, UInt64.max], blockSize: 16,
        observed: ObservedOutcome(cachedTokens: 5, pod: "p1", ttftMillis: 0.1, e2eMillis: 1e-5, status: .rejected)),
      TraceRecord(arrivalNanos: 1_700_158_624_000_000_000, inputTokens: 0, outputTokens: 0),
    ]
    let path = try TestSupport.scratchDirectory() + (level == nil ? "/out.jsonl" : "/out.jsonl.zst")
    let writer = try CanonicalLogWriter(path: path, compressionLevel: level)
    for record in records { try writer.write(record) }
    #expect(!FileManager.default.fileExists(atPath: path))
    try writer.finish()
    let (back, reader) = try TestSupport.readAll(path)
    #expect(reader.format == .canonicalJSONL)
    #expect(back == records)
  }

  @Test func unfinishedWriterLeavesNoFile() throws {
    let directory = try TestSupport.scratchDirectory()
    do {
      let writer = try CanonicalLogWriter(path: directory + "/x.jsonl.zst", compressionLevel: 1)
      try writer.write(TraceRecord(arrivalNanos: 0, inputTokens: 1, outputTokens: 1))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
  }

  /// Every format converts to the canonical log and reads back with the same totals.
  @Test(arguments: [
    "mooncake.jsonl.zst", "azure.csv.zst", "burstgpt.csv", "bailian.jsonl.zst", "ragpulse/0_trace.jsonl",
    "canonical.jsonl", "canonical.csv",
  ])
  func convertRoundTrip(fixture: String) throws {
    let source = try TestSupport.fixture(fixture)
    let output = try TestSupport.scratchDirectory() + "/canonical.jsonl.zst"
    let conversion = try TraceTools.convert(
      input: source, options: TraceReadOptions(), output: output, compressionLevel: 3, sort: false)
    let original = try TraceTools.inspect(path: source, options: TraceReadOptions())
    let converted = try TraceTools.inspect(path: output, options: TraceReadOptions())
    #expect(converted.format == .canonicalJSONL)
    #expect(conversion.records == original.statistics.rows)
    #expect(converted.statistics.renderJSON(file: "-", format: "-") == original.statistics.renderJSON(file: "-", format: "-"))
    let (before, _) = try TestSupport.readAll(source)
    let (after, _) = try TestSupport.readAll(output)
    #expect(before == after)
  }
}
