import SimCore

/// Where a request is inside a pod.
enum RequestPhase: Sendable, Equatable {
  case waiting, prefilling, decoding
}

/// A request's state inside a pod: plain fields only, so that reading a slot never retains
/// anything. The request itself, with its prefix-block array, stays in `Pod.requests`.
///
/// A decoder's generated-token count is not stored: it is `passCount - tokenBase`, so decode
/// passes change no per-request field.
struct RequestSlot: Sendable {
  /// `PodRequest.id` and `arrival`, for the completion record.
  var id: Int
  var arrival: SimInstant
  /// `PodRequest.estimatedMU` and `measuredMU`: what the request weighs in the in-flight MU.
  var estimatedMU: Double
  var measuredMU: Double
  /// Tokens per log prefix block (`PodRequest.blockTokens`).
  var logBlockTokens: Int
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
    id = request.id
    arrival = request.arrival
    estimatedMU = request.estimatedMU
    measuredMU = request.measuredMU
    logBlockTokens = request.blockTokens
    self.input = input
    self.output = output
    self.predicted = max(1, request.predictedOutputTokens ?? output)
  }

  /// KV tokens of a decoder after `passCount` passes: prompt plus all generated but the last.
  @inline(__always) func decodeKV(passCount: Int64) -> Int {
    input + Int(passCount - tokenBase) - 1
  }
}
