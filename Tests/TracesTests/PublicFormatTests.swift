import SimCore
import Testing
import Workload

@testable import Traces

/// Each public-format reader on small hand-made fixtures written from the documented schemas.
@Suite struct PublicFormatTests {
  @Test(arguments: ["mooncake.jsonl", "mooncake.jsonl.zst"])
  func mooncake(file: String) throws {
    let (records, reader) = try TestSupport.readAll(try TestSupport.fixture(file))
    #expect(reader.format == .mooncake)
    #expect(
      records == [
        TraceRecord(arrivalNanos: 0, inputTokens: 1000, outputTokens: 20, prefixBlocks: [0, 1], blockSize: 512),
        TraceRecord(arrivalNanos: 1_500_000_000, inputTokens: 600, outputTokens: 5, prefixBlocks: [0, 2], blockSize: 512),
        TraceRecord(arrivalNanos: 3_000_000_000, inputTokens: 512, outputTokens: 1, prefixBlocks: [3], blockSize: 512),
      ])
  }

  @Test(arguments: ["azure.csv", "azure.csv.zst"])
  func azure(file: String) throws {
    let (records, reader) = try TestSupport.readAll(try TestSupport.fixture(file))
    #expect(reader.format == .azure)
    // 2023-11-16 18:17:03 UTC = 19677 days * 86400 + 65823 s = 1700158623 s; .9799600 s = 979960000 ns.
    #expect(records.map(\.arrivalNanos) == [1_700_158_623_979_960_000, 1_700_158_624_031_960_000, 1_700_158_625_000_000_000])
    #expect(records.map(\.inputTokens) == [4808, 3180, 100])
    #expect(records.map(\.outputTokens) == [10, 8, 0])
    #expect(records.allSatisfy { $0.prefixBlocks.isEmpty && $0.observed == nil })
  }

  @Test func burstGPT() throws {
    let (records, reader) = try TestSupport.readAll(try TestSupport.fixture("burstgpt.csv"))
    #expect(reader.format == .burstgpt)
    #expect(records.map(\.arrivalNanos) == [5, 7, 9].map { Int64($0) * 1_000_000_000 })
    #expect(records.map(\.session) == [nil, "s-1", "s-1"])
    #expect(records.map(\.model) == ["ChatGPT", "GPT-4, turbo", "GPT-4"])
    #expect(records.map(\.inputTokens) == [100, 200, 300])
    // The second row has 0 response tokens: a failed request.
    #expect(records.map { $0.observed?.status } == [nil, .error, nil])
  }

  @Test func bailian() throws {
    let (records, reader) = try TestSupport.readAll(try TestSupport.fixture("bailian.jsonl.zst"))
    #expect(reader.format == .bailian)
    #expect(records.map(\.arrivalNanos) == [1_500_000_000, 2_250_000_000, 3_000_000_000, 3_500_000_000])
    // Chats 10 -> 11 -> 12 form one conversation rooted at 10; 20 starts its own.
    #expect(records.map(\.session) == ["10", "10", "10", "20"])
    #expect(records.map(\.tenant) == ["text", "text", "search", "image"])
    #expect(records.map(\.id) == ["10", "11", "12", "20"])
    #expect(records[2].prefixBlocks == [1, 2, 3, 4, 5, 6] && records[2].blockSize == 16)
  }

  @Test func ragpulseWithSideFiles() throws {
    let (records, reader) = try TestSupport.readAll(try TestSupport.fixture("ragpulse/0_trace.jsonl"))
    #expect(reader.format == .ragpulse)
    #expect(records.count == 2)
    #expect(records.map(\.arrivalNanos) == [82_000_000_000, 93_500_000_000])
    #expect(records.map(\.session) == ["a", "a"])
    // Line 1: sys 1 (20 tok: 2 blocks), passages 7 (16: 1) and 8 (17: 2), user 30 (2: 1) = 6 blocks.
    // Line 2: sys 1 (2), passage 9 (5: 1), history 40 (3: 1), web 50 (33: 3), user 31 (4: 1) = 8.
    #expect(records.map(\.prefixBlocks.count) == [6, 8])
    #expect(records.allSatisfy { $0.blockSize == 16 })
    let sys = StableHash.combine(StableHash.hash("sys_prompt"), 1)
    #expect(Array(records[1].prefixBlocks.prefix(2)) == [StableHash.combine(sys, 0), StableHash.combine(sys, 1)])
    #expect(records[0].prefixBlocks.prefix(2) == records[1].prefixBlocks.prefix(2))
    // Web search comes before the user input in prompt order.
    let web = StableHash.combine(StableHash.hash("web_search"), 50)
    #expect(records[1].prefixBlocks[4] == StableHash.combine(web, 0))
  }

  @Test func ragpulseWithoutSideFilesUsesOneBlockPerChunk() throws {
    let (records, _) = try TestSupport.readAll(try TestSupport.fixture("ragpulse-bare/0_trace.jsonl"))
    #expect(records.map(\.prefixBlocks.count) == [4, 5])
    #expect(records.allSatisfy { $0.blockSize == 512 })
    #expect(records[0].prefixBlocks[0] == StableHash.combine(StableHash.hash("sys_prompt"), 1))
  }

  @Test func canonicalJSONLFixture() throws {
    let (records, reader) = try TestSupport.readAll(try TestSupport.fixture("canonical.jsonl"))
    #expect(reader.format == .canonicalJSONL)
    #expect(records.count == 2)
    #expect(
      records[1]
        == TraceRecord(
          arrivalNanos: 13_000_000_000, inputTokens: 10, outputTokens: 2, id: "r2", model: "llama", maxTokens: 64,
          observed: ObservedOutcome(cachedTokens: 5, pod: "p1", ttftMillis: 12.5, e2eMillis: 80, status: .timeout)))
  }

  @Test func forcedFormatOverridesDetection() throws {
    let path = try TestSupport.fixture("mooncake.jsonl")
    let error = TestSupport.failure(path, TraceReadOptions(format: .canonicalJSONL))
    #expect(error?.kind == .missingField && error?.field == "ts")
  }
}
