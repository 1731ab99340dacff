import SimCore

extension Pod {
  /// Request `s`'s prefix entry after log index `from`, given `through` pod blocks already
  /// covered: `(key, blocks, through, next)`. Only whole log blocks inside the prompt count
  /// (a partial last block is not shareable); log blocks that add no whole pod block merge
  /// into the next entry, whose chained id covers them.
  @inline(__always)
  func prefixEntry(of s: Int, from: Int, through: Int) -> (key: UInt64, blocks: Int, through: Int, next: Int)? {
    let logTokens = slots[s].logBlockTokens
    guard logTokens > 0 else { return nil }
    let input = slots[s].input
    return requests[s].prefixBlocks.withUnsafeBufferPointer { ids in
      var index = from
      while index < ids.count {
        let end = (index + 1) * logTokens
        if end > input { return nil }
        let covered = end / blockTokens
        if covered > through {
          return (StableHash.combine(ids[index], UInt64(logTokens)), covered - through, covered, index + 1)
        }
        index += 1
      }
      return nil
    }
  }
}
