import Fleet
import SimCore
import Workload

/// One request of a log replayed on the pod production ran it on, beside what production saw.
public struct PinnedOutcome: Sendable {
  /// Position of the request in the log (0-based, counting only requests with observations).
  public var sequence: Int
  public var replayed: CompletedRequest
  /// The request's prompt tokens.
  public var promptTokens: Int
  /// Observed time to first token (ms).
  public var observedTTFT: Double
  /// Observed time per output token (ms), when the request generated two tokens or more.
  public var observedTPOT: Double?
}

/// Replays a log with every request pinned to the pod the log says it ran on, so that routing
/// plays no part and each pod's timings depend only on its own requests and the cost profile.
///
/// Pods are independent once routing is fixed, so each one is advanced only when a request
/// arrives for it, and all of them at the end. Memory grows with pods and requests in flight.
/// Records without `pod`, `ttft_ms` and `e2e_ms` are skipped (`CalibrationInput` counts them).
public enum PinnedReplay {
  /// Replays `source` through pods of `profile`, calling `visit` for each completed request
  /// (in no particular order across pods). Stops after `limit` usable records when given.
  public static func run(
    profile: CostProfile, source: inout some RecordSource, limit: Int? = nil, defaultBlockSize: Int = 16,
    visit: (PinnedOutcome) -> Void
  ) throws {
    var pods: [Pod] = []
    var podIndex: [String: Int] = [:]
    var pending: [Int: (ttft: Double, tpot: Double?, prompt: Int)] = [:]
    var origin: Int64?
    var last = SimInstant.zero
    var sequence = 0
    var done: [CompletedRequest] = []
    func drain() {
      for completed in done {
        guard let observed = pending.removeValue(forKey: completed.id) else { continue }
        visit(
          PinnedOutcome(
            sequence: completed.id, replayed: completed, promptTokens: observed.prompt, observedTTFT: observed.ttft,
            observedTPOT: observed.tpot))
      }
      done.removeAll(keepingCapacity: true)
    }
    while limit.map({ sequence < $0 }) ?? true, let record = try source.next() {
      guard let observed = CalibrationInput.usable(record) else { continue }
      let start = origin ?? record.arrivalNanos
      origin = start
      // A log out of order by a little replays the late record at the latest time seen.
      let (offset, overflow) = record.arrivalNanos.subtractingReportingOverflow(start)
      let now = max(last, SimInstant(nanoseconds: overflow ? last.nanoseconds : max(0, offset)))
      last = now
      let index: Int
      if let known = podIndex[observed.pod] {
        index = known
      } else {
        index = pods.count
        podIndex[observed.pod] = index
        pods.append(Pod(id: PodID(index), profile: profile))
      }
      pods[index].advance(to: now, into: &done)
      drain()
      let chained = PrefixChain.chain(record.prefixBlocks)
      let request = PodRequest(
        id: sequence, arrival: now, inputTokens: record.inputTokens, outputTokens: record.outputTokens,
        prefixBlocks: chained, blockTokens: chained.isEmpty ? 0 : (record.blockSize ?? defaultBlockSize))
      if pods[index].admit(request, at: now) {
        pending[sequence] = (observed.ttft, observed.tpot, record.inputTokens)
      }
      sequence += 1
    }
    for index in pods.indices { pods[index].advance(to: .distantFuture, into: &done) }
    drain()
  }
}
