import Foundation
import Testing
import Workload

@testable import Traces

/// Inputs built to hurt: each ends in a clear error or a bounded, documented behaviour.
@Suite struct HostileInputTests {
  @Test(arguments: ["1000000000001", "1e12", "9223372036854775807"])
  func absurdTokenCountsAreBadLinesNamingTheField(value: String) throws {
    let path = try TestSupport.write(
      #"{"ts":1,"input_tokens":5,"output_tokens":\#(value)}"# + "\n", name: "tokens.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.kind == .invalidValue && error.field == "output_tokens" && error.line == 1)
    #expect(error.description.contains("more tokens than any request can have"))
  }

  @Test func theTokenLimitItselfIsAccepted() throws {
    let path = try TestSupport.write(
      #"{"ts":1,"input_tokens":1000000000,"output_tokens":1000000000,"max_tokens":1000000000}"# + "\n",
      name: "limit.jsonl")
    let (records, _) = try TestSupport.readAll(path)
    #expect(records.first?.inputTokens == TraceRecord.maximumTokens)
  }

  @Test func absurdTokenCountsInCSVAndPublicFormatsAreBadLinesToo() throws {
    let csv = try TestSupport.write("ts,input_tokens,output_tokens\n0,5000000000000,3\n", name: "t.csv")
    #expect(TestSupport.failure(csv)?.field == "input_tokens")
    let mooncake = try TestSupport.write(
      #"{"timestamp":0,"input_length":20000000000,"output_length":1,"hash_ids":[1]}"# + "\n", name: "m.jsonl")
    #expect(TestSupport.failure(mooncake)?.field == "input_length")
  }

  @Test(arguments: [#"1e18"#, #"-4000000001"#, #""1e18""#, #"9223372037"#])
  func timestampsBeyondTheClockAreBadLines(ts: String) throws {
    let path = try TestSupport.write(#"{"ts":\#(ts),"input_tokens":5,"output_tokens":5}"# + "\n", name: "ts.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.kind == .invalidValue && error.field == "ts" && error.line == 1)
    #expect(error.description.contains("out of range"))
  }

  @Test func millisecondTimestampsAreCheckedAfterScaling() throws {
    // 5e12 ms = 5e9 s: beyond the clock once the unit applies; 1.7e12 ms (2023) is fine.
    let path = try TestSupport.write(
      #"{"ts":1700000000000,"input_tokens":5,"output_tokens":5}"# + "\n" + #"{"ts":5000000000000,"input_tokens":5,"output_tokens":5}"# + "\n", name: "ms.jsonl")
    var options = TraceReadOptions()
    options.timestampUnit = .ms
    let error = try #require(TestSupport.failure(path, options))
    #expect(error.line == 2 && error.field == "ts")
  }

  @Test(arguments: ["NaN", "Infinity", "-Infinity", "\"NaN\"", "1e400"])
  func nonFiniteTimestampsAreBadLines(ts: String) throws {
    let path = try TestSupport.write(#"{"ts":\#(ts),"input_tokens":5,"output_tokens":5}"# + "\n", name: "nan.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.line == 1)
  }

  @Test func skippedHostileLinesAreCountedAndTheRestIsRead() throws {
    let path = try TestSupport.write(
      #"{"ts":0,"input_tokens":5,"output_tokens":5}"# + "\n" + #"{"ts":1e18,"input_tokens":5,"output_tokens":5}"# + "\n"
        + #"{"ts":2,"input_tokens":1e15,"output_tokens":5}"# + "\n" + #"{"ts":3,"input_tokens":5,"output_tokens":5}"# + "\n", name: "mixed.jsonl")
    var options = TraceReadOptions()
    options.maxBadLines = 5
    let (records, reader) = try TestSupport.readAll(path, options)
    #expect(records.map(\.arrivalNanos) == [0, 3_000_000_000])
    #expect(reader.badLines == 2)
  }

  @Test func aMillionPrefixBlocksOnOneLineHitTheLineLimitUnlessRaised() throws {
    let blocks = (0..<1_000_000).map(String.init).joined(separator: ",")
    let line = #"{"ts":0,"input_tokens":16000000,"output_tokens":1,"block_size":16,"prefix_blocks":["# + blocks + "]}\n"
    let path = try TestSupport.write(line, name: "blocks.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.kind == .lineTooLong)
    // Raised on purpose: the line is read, and memory stays proportional to that one line.
    var options = TraceReadOptions()
    options.maxLineLength = 8 << 20
    let (records, _) = try TestSupport.readAll(path, options)
    #expect(records.first?.prefixBlocks.count == 1_000_000)
  }
}
