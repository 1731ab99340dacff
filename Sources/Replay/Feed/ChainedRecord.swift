import SimCore
import Workload

/// A log record whose prefix blocks are already chained (`PrefixChain`), as a replay consumes
/// it: chained once where the record is read, then shared by every replay of the log.
public struct ChainedRecord: Sendable {
  /// The record itself. Its `prefixBlocks` are moved into `chainedBlocks`, so this copy's are
  /// empty: the log's own ids have no use after chaining, and one array serves both.
  public var record: TraceRecord
  /// The chained ids of the record's prefix blocks, in prompt order.
  public var chainedBlocks: [UInt64]

  /// Chains `record`'s prefix blocks in the array the reader decoded them into, so a record
  /// read once costs no second array.
  public init(chaining record: consuming TraceRecord) {
    var blocks = record.prefixBlocks
    record.prefixBlocks = []
    PrefixChain.chainInPlace(&blocks)
    self.record = record
    chainedBlocks = blocks
  }
}

extension PrefixChain {
  /// `chain`, overwriting `blocks` instead of allocating a second array.
  @inlinable public static func chainInPlace(_ blocks: inout [UInt64]) {
    var previous = seed
    for index in blocks.indices {
      previous = StableHash.combine(previous, blocks[index])
      blocks[index] = previous
    }
  }
}
