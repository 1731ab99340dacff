import SimCore

/// Prefix-block ids for prompts built from segments (system prompt, messages, answers).
///
/// A prompt is a sequence of segments, each with a content key that is unique to what it holds
/// (a tenant's system prompt, one session's message or answer at one turn). Block `i` covers tokens
/// `[i·B, (i+1)·B)`; its id chains the previous block's id with the content of block `i`, taken as
/// the key of the segment holding the block's last token plus `i`:
/// `id_i = StableHash.combine(id_{i-1}, key + i)`, `id_{-1} = root`. Two prompts therefore get equal
/// ids for block `i` exactly when their first `i+1` blocks hold the same segments, and a prompt
/// that extends another keeps all of the other's full blocks as its leading run. Only full blocks
/// get ids: the partial last block is not shareable.
enum PromptChain {
  /// The id before the first block, shared by every prompt of every log.
  static let root: UInt64 = StableHash.hash("muroute.synth.prompt")

  /// Appends the ids of the blocks completed by a segment of `length` tokens with content `key`,
  /// placed at token `offset` of a prompt whose full blocks are already in `blocks`.
  static func append(
    segment key: UInt64, length: Int, at offset: Int, blockSize: Int, to blocks: inout [UInt64]
  ) {
    let first = offset / blockSize
    let end = (offset + length) / blockSize
    guard end > first else { return }
    precondition(blocks.count == first, "PromptChain: blocks do not match the prompt offset")
    var previous = blocks.last ?? root
    for index in first..<end {
      previous = StableHash.combine(previous, key &+ UInt64(index))
      blocks.append(previous)
    }
  }
}
