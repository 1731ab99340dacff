import Testing
import Workload

@testable import Traces

@Suite struct LogStatisticsTests {
  static func record(_ seconds: Double, _ input: Int, _ output: Int, tenant: String? = nil, blocks: [UInt64] = []) -> TraceRecord {
    TraceRecord(
      arrivalNanos: Int64(seconds * 1000) * 1_000_000, inputTokens: input, outputTokens: output, tenant: tenant,
      prefixBlocks: blocks, blockSize: blocks.isEmpty ? nil : 4)
  }

  @Test func handComputedSummary() {
    var statistics = LogStatistics()
    statistics.add(Self.record(0, 8, 1, tenant: "a", blocks: [1, 2]))
    statistics.add(Self.record(0.5, 6, 2, tenant: "b", blocks: [1, 2]))
    statistics.add(Self.record(0.9, 10, 3, tenant: "a", blocks: [1, 3, 4]))
    statistics.add(Self.record(61, 2, 4))
    #expect(statistics.rows == 4)
    #expect(statistics.inputTokensSum == 26 && statistics.outputTokensSum == 10)
    // Three arrivals in second 0 and in minute 0.
    #expect(statistics.peakPerSecond == 3 && statistics.peakPerMinute == 3)
    // Sorted inputs 2, 6, 8, 10: p50 is rank ceil(0.5*4)=2 -> 6; p90 rank ceil(3.6)=4 -> 10.
    #expect(statistics.percentile(0.5, output: false) == 6)
    #expect(statistics.percentile(0.9, output: false) == 10)
    // Blocks: 7 in all; hits are 1,2 in the second prompt and 1 in the third = 3 of 7.
    // Token weights (block size 4): prompt 2 blocks of 4+2 tokens both hit (6);
    // prompt 3 weights 4,4,2 with the first hit (4): 10 of 8+6+10 = 24 block tokens.
    #expect(statistics.promptBlocks == 7 && statistics.reusedBlocks == 3)
    #expect(statistics.blockTokens == 24 && statistics.reusedBlockTokens == 10)
    #expect(statistics.top(statistics.tenants, byTokens: false).map(\.0) == ["a", "b"])
    let json = statistics.renderJSON(file: "x", format: "canonical-jsonl")
    #expect(json.hasPrefix(#"{"file":"x","format":"canonical-jsonl","rows":4,"bad_rows":0,"first_ts":0,"last_ts":61,"span_s":61,"#))
    #expect(json.contains(#""input_tokens_sum":26,"#) && json.contains(#""output_tokens_sum":10,"#))
    #expect(json.contains(#""prefix_block_hit_rate":0.428571,"#))
  }

  @Test func leadingReuseCountsOnlyBlocksWhosePrefixRecurs() {
    var statistics = LogStatistics()
    // Block size 4, 12-token prompts: three blocks of 4 tokens each.
    statistics.add(Self.record(0, 12, 1, blocks: [1, 2, 3]))
    statistics.add(Self.record(1, 12, 1, blocks: [1, 2, 4]))  // 1, 2 recur as a prefix: 8 tokens
    statistics.add(Self.record(2, 12, 1, blocks: [9, 2, 3]))  // 2, 3 recur, but not after 9: 0
    statistics.add(Self.record(3, 12, 1, blocks: [1, 2, 4]))  // the whole prompt: 12 tokens
    // Any position: 2 + 2 + 3 blocks = 28 of 48 tokens; leading: 8 + 0 + 12 = 20 of 48.
    #expect(statistics.reusedBlockTokens == 28)
    #expect(statistics.leadingReusedBlockTokens == 20)
    #expect(statistics.renderJSON(file: "x", format: "canonical-jsonl").contains(#""prefix_leading_token_hit_rate":0.416667"#))
  }

  @Test func countsOutOfOrderAgainstTheLatestArrival() {
    var statistics = LogStatistics()
    for second in [10.0, 12, 5, 6, 20] { statistics.add(Self.record(second, 1, 1)) }
    #expect(statistics.outOfOrder == 2)
  }

  @Test func fixedFormattingIsLocaleFree() {
    #expect(LogStatistics.fixed(2.5671, 3) == "2.567")
    #expect(LogStatistics.fixed(0.0004, 3) == "0.000")
    #expect(LogStatistics.fixed(-1.25, 1) == "-1.3")
  }
}
