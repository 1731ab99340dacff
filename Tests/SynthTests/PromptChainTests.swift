import SimCore
import Testing
@testable import Synth

@Suite struct PromptChainTests {
  @Test func onlyFullBlocksGetChainedIds() {
    // Block size 4. Segment A (6 tokens at 0) fills block 0 (tokens 0-3); tokens 4-5 are partial.
    // Segment B (5 tokens at 6) ends at token 10, completing block 1 (tokens 4-7) but not block 2.
    let a: UInt64 = 1_000
    let b: UInt64 = 2_000
    var blocks: [UInt64] = []
    PromptChain.append(segment: a, length: 6, at: 0, blockSize: 4, to: &blocks)
    let block0 = StableHash.combine(PromptChain.root, a + 0)
    #expect(blocks == [block0])
    PromptChain.append(segment: b, length: 5, at: 6, blockSize: 4, to: &blocks)
    #expect(blocks == [block0, StableHash.combine(block0, b + 1)])
  }

  @Test func segmentInsideAPartialBlockAddsNothing() {
    var blocks: [UInt64] = []
    PromptChain.append(segment: 7, length: 3, at: 0, blockSize: 16, to: &blocks)
    #expect(blocks.isEmpty)
  }

  @Test func equalPrefixesGetEqualIdsAndDifferentContentDiffers() {
    var shared: [UInt64] = []
    PromptChain.append(segment: 11, length: 64, at: 0, blockSize: 16, to: &shared)
    var first = shared
    var second = shared
    PromptChain.append(segment: 21, length: 40, at: 64, blockSize: 16, to: &first)
    PromptChain.append(segment: 22, length: 40, at: 64, blockSize: 16, to: &second)
    #expect(first.prefix(4) == second.prefix(4))
    #expect(first.count == 6 && second.count == 6)
    #expect(first[4] != second[4] && first[5] != second[5])
  }
}
