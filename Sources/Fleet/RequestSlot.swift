import SimCore

/// Where a request is inside a pod.
enum RequestPhase: Sendable, Equatable {
  case waiting, prefilling, decoding
}

/// A request's state inside a pod.
///
/// A decoder's generated-token count is not stored: it is `passCount - tokenBase`, so decode
/// passes change no per-request field.
struct RequestSlot: Sendable {
  var request: PodRequest
  var input: Int
  var output: Int
  /// The output length the in-flight MU decays against: the router's prediction, raised by
  /// `PodRequest.reprediction` whenever a decoder reaches it.
  var predicted: Int
  var phase = RequestPhase.waiting
  /// Output tokens generated so far (while waiting or prefilling).
  var generated = 0
  /// For decoders: `generated = passCount - tokenBase`.
  var tokenBase: Int64 = 0
  /// Tokens to prefill in the current (re)computation: prompt plus generated tokens.
  var prefillTarget = 0
  /// Tokens whose KV is allocated in the current prefill (cached ones included).
  var prefilled = 0
  /// Pod blocks covered by the prefix-cache entries this request holds (a leading run).
  var sharedBlocks = 0
  /// The deepest prefix-cache node the request holds (with its ancestors), or -1.
  var heldNode: Int32 = -1
  /// Log block to look at for the next prefix entry after the held ones.
  var nextLogIndex = 0
  var runSequence = 0
  var firstScheduled: Int64 = -1
  var firstToken: Int64 = -1
  var firstCached = -1
  var preemptions = 0

  init(request: PodRequest, input: Int, output: Int) {
    self.request = request
    self.input = input
    self.output = output
    self.predicted = max(1, request.predictedOutputTokens ?? output)
  }

  /// KV tokens of a decoder after `passCount` passes: prompt plus all generated but the last.
  @inline(__always) func decodeKV(passCount: Int64) -> Int {
    input + Int(passCount - tokenBase) - 1
  }

  /// The prefix entry after log index `from`, given `through` pod blocks already covered:
  /// `(key, blocks, through, nextLogIndex)`. Only whole log blocks inside the prompt count
  /// (a partial last block is not shareable); log blocks that add no whole pod block merge
  /// into the next entry, whose chained id covers them.
  @inline(__always)
  func prefixEntry(from: Int, through: Int, podBlockTokens: Int) -> (key: UInt64, blocks: Int, through: Int, next: Int)? {
    let logTokens = request.blockTokens
    guard logTokens > 0 else { return nil }
    let ids = request.prefixBlocks
    var index = from
    while index < ids.count {
      let end = (index + 1) * logTokens
      if end > input { return nil }
      let covered = end / podBlockTokens
      if covered > through {
        return (StableHash.combine(ids[index], UInt64(logTokens)), covered - through, covered, index + 1)
      }
      index += 1
    }
    return nil
  }
}
