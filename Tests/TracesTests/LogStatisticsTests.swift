import SimCore
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
    #expect(statistics.tenants.top(byTokens: false).map(\.key) == ["a", "b"])
    #expect(statistics.reuseIsExact && statistics.reuseErrorBound == 0)
    let json = statistics.renderJSON(file: "x", format: "canonical-jsonl")
    #expect(json.hasPrefix(#"{"file":"x","format":"canonical-jsonl","rows":4,"bad_rows":0,"first_ts":0,"last_ts":61,"span_s":61,"#))
    #expect(json.contains(#""input_tokens_sum":26,"#) && json.contains(#""output_tokens_sum":10,"#))
    #expect(json.contains(#""prefix_block_hit_rate":0.428571,"#))
    #expect(json.contains(#""tenants":2,"tenants_error":0.0000,"sessions":0,"sessions_error":0.0000,"#))
    #expect(json.contains(#""top_tenants_by_tokens":[{"key":"a","requests":2,"tokens":22,"overcount":0},{"key":"b","requests":1,"tokens":8,"overcount":0}]"#))
    #expect(json.contains(#""prefix_error":0.000000,"out_of_order":0}"#))
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

  /// Prompts over 40 shared "system prompt" chains plus private tails, the reference counting with
  /// exact sets as `inspect` once did.
  static func randomLog(seed: UInt64, records: Int) -> [TraceRecord] {
    var random = SplitMix64(seed: seed)
    return (0..<records).map { index in
      let shared = Int(random.next() % 40)
      var blocks = (0..<Int(1 + shared % 7)).map { UInt64(shared * 100 + $0) }
      for _ in 0..<Int(random.next() % 12) { blocks.append(random.next() % 2_000_000) }
      let input = blocks.count * 4 - Int(random.next() % 4)
      return TraceRecord(
        arrivalNanos: Int64(index) * 1_000_000, inputTokens: input, outputTokens: 1, tenant: "t\(shared)", prefixBlocks: blocks,
        blockSize: 4)
    }
  }

  static func reference(_ records: [TraceRecord]) -> (reused: Int, reusedTokens: Int, leadingTokens: Int, blockTokens: Int) {
    var ids: Set<UInt64> = []
    var prefixes: Set<UInt64> = []
    var result = (reused: 0, reusedTokens: 0, leadingTokens: 0, blockTokens: 0)
    for record in records {
      var remaining = record.inputTokens
      var prefix: UInt64 = 0x9E37_79B9_7F4A_7C15
      var leading = true
      for id in record.prefixBlocks {
        let weight = max(0, min(4, remaining))
        remaining -= weight
        result.blockTokens += weight
        prefix = LogStatistics.extend(prefix, with: id)
        if leading && prefixes.contains(prefix) { result.leadingTokens += weight } else { leading = false }
        prefixes.insert(prefix)
        if !ids.insert(id).inserted {
          result.reused += 1
          result.reusedTokens += weight
        }
      }
    }
    return result
  }

  @Test func smallLogsAreExact() {
    let records = Self.randomLog(seed: 3, records: 4_000)
    var statistics = LogStatistics()
    for record in records { statistics.add(record) }
    let expected = Self.reference(records)
    #expect(statistics.reuseIsExact && statistics.reuseErrorBound == 0)
    #expect(statistics.reusedBlocks == expected.reused && statistics.reusedBlockTokens == expected.reusedTokens)
    #expect(statistics.leadingReusedBlockTokens == expected.leadingTokens && statistics.blockTokens == expected.blockTokens)
    #expect(statistics.tenants.count == 40 && statistics.tenants.rankingsAreExact)
  }

  /// Past the sample's capacity the rates are estimates within the reported error, from tables
  /// that stop at twice the capacity, and the same log gives the same figures.
  @Test(arguments: [5, 6, 7])
  func largeLogsAreEstimatedWithinTheirError(seed: UInt64) {
    let records = Self.randomLog(seed: seed, records: 30_000)
    var statistics = LogStatistics(blockCapacity: 4_096)
    for record in records { statistics.add(record) }
    #expect(!statistics.reuseIsExact)
    #expect(statistics.blockFootprint.ids == 8_192 && statistics.blockFootprint.prefixes == 8_192)
    let expected = Self.reference(records)
    let blocks = Double(statistics.promptBlocks)
    let tokens = Double(statistics.blockTokens)
    let errors = statistics.reuseErrors
    #expect(abs(statistics.blockHitRate - Double(expected.reused) / blocks) <= errors.block)
    #expect(abs(statistics.tokenHitRate - Double(expected.reusedTokens) / tokens) <= errors.token)
    #expect(abs(statistics.leadingTokenHitRate - Double(expected.leadingTokens) / tokens) <= errors.leadingToken)
    #expect(errors.block > 0 && errors.block < 0.05 && errors.leadingToken < 0.05)
    var again = LogStatistics(blockCapacity: 4_096)
    for record in records { again.add(record) }
    #expect(again.renderJSON(file: "x", format: "y") == statistics.renderJSON(file: "x", format: "y"))
    #expect(statistics.renderTable(file: "x", format: "y").contains("estimates within ±"))
  }

  @Test func fixedFormattingIsLocaleFree() {
    #expect(LogStatistics.fixed(2.5671, 3) == "2.567")
    #expect(LogStatistics.fixed(0.0004, 3) == "0.000")
    #expect(LogStatistics.fixed(-1.25, 1) == "-1.3")
  }
}
