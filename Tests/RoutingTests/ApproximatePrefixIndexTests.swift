import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct ApproximatePrefixIndexTests {
  @Test func leadingHitsCountConsecutiveBlocksFromTheStart() {
    var index = ApproximatePrefixIndex(blocksPerPod: 100)
    index.insert([1, 2, 3], on: 0)
    index.insert([1, 2, 7], on: 1)
    index.insert([2, 3], on: 2)  // holds 2 and 3 but not block 1: no leading hit
    var hits: [Int] = []
    index.leadingHits([1, 2, 3, 4], podCount: 4, into: &hits)
    // Pod 0: 1, 2, 3 then 4 missing -> 3. Pod 1: 1, 2 then 3 missing -> 2. Pods 2, 3: 0.
    #expect(hits == [3, 2, 0, 0])
    #expect(index.cachedBlocks(of: 0) == 3)
    #expect(index.cachedBlocks(of: 2) == 2)
    #expect(index.cachedBlocks(of: 3) == 0)
  }

  @Test func evictsLeastRecentlyUsedDeepestFirst() {
    // Cap 4. Insert [1, 2, 3] (use 1), then [7, 8] (use 2): 5 blocks, one must go.
    // Use 1 queued deepest first: 3, 2, 1. Block 3 is evicted; 1, 2, 7, 8 stay.
    var index = ApproximatePrefixIndex(blocksPerPod: 4)
    index.insert([1, 2, 3], on: 0)
    index.insert([7, 8], on: 0)
    var hits: [Int] = []
    index.leadingHits([1, 2, 3], podCount: 1, into: &hits)
    #expect(hits == [2])
    #expect(index.cachedBlocks(of: 0) == 4)
    // Touching [1] again (use 3) makes block 2 the oldest of use 1: inserting [9] evicts 2.
    index.insert([1], on: 0)
    index.insert([9], on: 0)
    index.leadingHits([1, 2], podCount: 1, into: &hits)
    #expect(hits == [1])
    index.leadingHits([7, 8], podCount: 1, into: &hits)
    #expect(hits == [2])
  }

  @Test func supportsMoreThanSixtyFourPods() {
    var index = ApproximatePrefixIndex(blocksPerPod: 10)
    index.insert([5, 6], on: 3)
    index.insert([5, 6], on: 130)
    index.insert([5], on: 70)
    var hits: [Int] = []
    index.leadingHits([5, 6], podCount: 140, into: &hits)
    #expect(hits[3] == 2 && hits[130] == 2 && hits[70] == 1 && hits[0] == 0 && hits[139] == 0)
  }

  @Test func matchesANaiveLRUModel() {
    // Property: random chained requests over a small prefix tree, 5 pods, cap 12 blocks;
    // after every insert the index agrees with a direct model (per pod: block -> (last use,
    // depth), evicting the smallest (use, -depth)) on hits and sizes.
    let cap = 12
    var index = ApproximatePrefixIndex(blocksPerPod: cap)
    var model = [[UInt64: (use: Int, depth: Int)]](repeating: [:], count: 5)
    var random = SplitMix64(seed: 3)
    func chain(_ random: inout SplitMix64) -> [UInt64] {
      var blocks: [UInt64] = []
      var parent: UInt64 = 17
      for _ in 0..<(1 + Int(random.next() % 6)) {
        parent = StableHash.combine(parent, random.next() % 3)
        blocks.append(parent)
      }
      return blocks
    }
    var hits: [Int] = []
    for use in 1...3_000 {
      let blocks = chain(&random)
      let target = Int(random.next() % 5)
      index.insert(blocks, on: target)
      for (depth, block) in blocks.enumerated() { model[target][block] = (use, depth) }
      while model[target].count > cap {
        let victim = model[target].min { a, b in
          a.value.use != b.value.use ? a.value.use < b.value.use : a.value.depth > b.value.depth
        }
        if let victim { model[target][victim.key] = nil }
      }
      let probe = chain(&random)
      index.leadingHits(probe, podCount: 5, into: &hits)
      for podIndex in 0..<5 {
        let expected = probe.prefix { model[podIndex][$0] != nil }.count
        #expect(hits[podIndex] == expected)
        #expect(index.cachedBlocks(of: podIndex) == model[podIndex].count)
      }
    }
  }
}
