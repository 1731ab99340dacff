import Testing

@testable import Traces

/// Every file in `../shared/traces` read end to end. Expected sums were computed once with
/// `zstd -dc FILE` and Python (`json.loads` / `csv.DictReader`, summing the token columns).
@Suite(.enabled(if: TestSupport.sharedTraces() != nil, "../shared/traces is absent"))
struct SharedTracesTests {
  struct Expected: Sendable, CustomTestStringConvertible {
    var file: String
    var format: TraceFormat
    var rows: Int
    var inputSum: Int
    var outputSum: Int
    var testDescription: String { file }
  }

  static let expected: [Expected] = [
    Expected(file: "mooncake/conversation_trace.jsonl.zst", format: .mooncake, rows: 12_031, inputSum: 144_793_823, outputSum: 4_122_048),
    Expected(file: "mooncake/synthetic_trace.jsonl.zst", format: .mooncake, rows: 3_993, inputSum: 61_194_628, outputSum: 595_432),
    Expected(file: "azure-2023/AzureLLMInferenceTrace_code.csv.zst", format: .azure, rows: 8_819, inputSum: 18_059_974, outputSum: 245_896),
    Expected(file: "azure-2023/AzureLLMInferenceTrace_conv.csv.zst", format: .azure, rows: 19_366, inputSum: 22_361_870, outputSum: 4_088_665),
    Expected(file: "ragpulse/0_trace.jsonl.zst", format: .ragpulse, rows: 7_106, inputSum: 20_917_099, outputSum: 2_012_676),
  ]

  @Test(arguments: expected)
  func readsEndToEnd(_ expected: Expected) throws {
    let root = try #require(TestSupport.sharedTraces())
    let inspection = try TraceTools.inspect(path: "\(root)/\(expected.file)", options: TraceReadOptions())
    #expect(inspection.format == expected.format)
    #expect(inspection.statistics.rows == expected.rows)
    #expect(inspection.statistics.badRows == 0)
    #expect(inspection.statistics.inputTokensSum == expected.inputSum)
    #expect(inspection.statistics.outputTokensSum == expected.outputSum)
  }

  @Test func mooncakeBlocksCoverTheirPrompts() throws {
    // README: len(hash_ids) == ceil(input_length / 512) on every row.
    let root = try #require(TestSupport.sharedTraces())
    let (records, _) = try TestSupport.readAll("\(root)/mooncake/conversation_trace.jsonl.zst")
    #expect(records.allSatisfy { $0.prefixBlocks.count == ($0.inputTokens + 511) / 512 && $0.blockSize == 512 })
  }

  @Test func ragpulseSegmentsAndSessions() throws {
    // Row 3801 restarts at 0; a time-ordered read must sort, inspect counts the 3,306 later rows.
    let root = try #require(TestSupport.sharedTraces())
    let path = "\(root)/ragpulse/0_trace.jsonl.zst"
    let error = TestSupport.failure(path)
    #expect(error?.kind == .outOfOrder && error?.line == 3801)
    let inspection = try TraceTools.inspect(path: path, options: TraceReadOptions())
    #expect(inspection.statistics.sessions.count == 3_990)
    #expect(inspection.statistics.outOfOrder > 3_000)
  }
}
