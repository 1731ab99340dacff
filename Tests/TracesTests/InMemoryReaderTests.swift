import Foundation
import Testing
import Workload

@testable import Traces

/// `TraceReader(bytes:)`, the in-memory entry point the fuzz targets read through: the same
/// records and errors as reading the same bytes from a file, as if from standard input.
@Suite struct InMemoryReaderTests {
  static func readBytes(_ bytes: [UInt8], name: String = "-", _ options: TraceReadOptions = TraceReadOptions()) throws -> [TraceRecord] {
    let reader = try TraceReader(bytes: bytes, name: name, options: options)
    var records: [TraceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  @Test(arguments: ["canonical.jsonl", "canonical.csv", "mooncake.jsonl.zst", "azure.csv.zst", "burstgpt.csv", "bailian.jsonl.zst"])
  func memoryAndFileGiveTheSameRecords(fixture: String) throws {
    let path = try TestSupport.fixture(fixture)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let (fromFile, _) = try TestSupport.readAll(path)
    #expect(try Self.readBytes(bytes) == fromFile)
    #expect(!fromFile.isEmpty)
  }

  @Test func ragpulseFromMemoryLooksUpNoSideFiles() throws {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try TestSupport.fixture("ragpulse/0_trace.jsonl"))))
    let (bare, _) = try TestSupport.readAll(try TestSupport.fixture("ragpulse-bare/0_trace.jsonl"))
    #expect(try Self.readBytes(bytes, name: try TestSupport.fixture("ragpulse/0_trace.jsonl")) == bare)
  }

  static func failure(_ bytes: [UInt8], name: String = "-") -> TraceError? {
    do {
      _ = try readBytes(bytes, name: name)
      return nil
    } catch let error as TraceError {
      return error
    } catch {
      return nil
    }
  }

  @Test func errorsNameTheGivenNameAndKeepTheFileRules() throws {
    let bad = try #require(Self.failure(Array(#"{"ts":1,"input_tokens":"x","output_tokens":1}"#.utf8), name: "prod.jsonl"))
    #expect(bad.file == "prod.jsonl" && bad.line == 1 && bad.field == "input_tokens")
    #expect(Self.failure(Array("plain text\n".utf8), name: "log.jsonl.zst")?.kind == .notZstd)
    #expect(Self.failure([])?.kind == .emptyInput)
  }

  /// Text past the 128 KiB input buffer and the 256 KiB line chunk, plain and compressed.
  @Test func largeInputsCrossEveryBuffer() throws {
    let line = #"{"ts":1,"input_tokens":100,"output_tokens":10,"prefix_blocks":[1,2,3,4,5,6,7,8]}"# + "\n"
    let text = String(repeating: line, count: 6_000)
    let plain = try Self.readBytes(Array(text.utf8))
    #expect(plain.count == 6_000)
    let zstdPath = try TestSupport.zstd(text, name: "big.jsonl.zst")
    let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: zstdPath)))
    #expect(try Self.readBytes(compressed) == plain)
  }
}
