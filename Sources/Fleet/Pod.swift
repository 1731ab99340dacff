import DequeModule
import HeapModule
import SimCore
import Workload

/// An emulated vLLM-style inference pod, simulated at iteration (pass) level.
///
/// Each pass runs prefill chunks up to the profile's token budget plus one decode token for every
/// decoding request; requests wait FIFO, hold KV blocks for their prompt and generated tokens, are
/// preempted newest-first and recomputed when memory runs out, and share prompt prefixes through
/// a prefix cache. In `.eventDriven` mode a run of decode-only passes advances in closed form to
/// the next completion, arrival or KV exhaustion; `.stepping` composes every pass (the reference).
///
/// Time inside the pod is integer picoseconds since `epochNanos` (rebased whenever the pod idles
/// and after 2^61 ps without a break),
/// so both modes compute bit-identical pass boundaries; an instant is reported as the first
/// nanosecond at or after it.
///
/// Driver contract: call `advance(to: t)` before `admit(_:at: t)`, and `advance(to:)` the pod at
/// its `nextEventTime`. An arrival at `t` joins the first pass that starts at or after `t`; the
/// pod's own events at `t` run first.
public struct Pod: Sendable {
  /// The pod's identity in the fleet.
  public let id: PodID
  /// The profile the pod was created with.
  public let profile: CostProfile
  /// How the pod advances time.
  public let mode: PodSimulationMode

  var cost: IterationCost
  /// The current iteration-time multiplier (1 = nominal).
  public private(set) var slowdown: Double = 1
  let blockTokens: Int

  // Requests, in slots indexed by Int32; `running` is ordered by `runSequence`.
  var slots: [RequestSlot] = []
  /// The admitted requests, by slot: apart from `slots`, so that the scheduler's loops read
  /// plain fields and only the prefix-cache paths touch a request's block array.
  var requests: [PodRequest] = []
  var freeSlots: [Int32] = []
  var running: [Int32] = []
  /// The running requests still prefilling, in running order (a subset of `running`).
  var prefillers: [Int32] = []
  var waiting = Deque<Int32>()
  var cache: PrefixCache
  /// Private (unshared) KV blocks of all running requests, including the in-flight pass.
  var privateBlocks = 0

  // Aggregates over decoding requests, so that a decode-only run needs no per-request work.
  var passCount: Int64 = 0
  var decoders = 0
  /// Sum over decoders of `input - tokenBase`: their context sum is this plus `decoders * passCount`.
  var decodeContextBase: Int64 = 0
  /// Decoders by `(kv length - passCount) mod blockTokens`: which passes make them take a block.
  var phaseCounts: [Int32]
  var finishHeap = Heap<FinishEntry>()
  /// Decoders by the pass at which they reach their predicted length (event-driven mode).
  var predictionHeap = Heap<FinishEntry>()
  // In-flight MU: waiting and prefilling at full estimate; decoders as `muBase - passCount * muSlope`,
  // each falling along its predicted (not its true) output length.
  var muFull = 0.0
  var muBase = 0.0
  var muSlope = 0.0
  // The same aggregates in the pods' own work (`PodRequest.measuredMU`), which the report measures
  // load in; they equal the three above unless the routers believe another profile.
  var workFull = 0.0
  var workBase = 0.0
  var workSlope = 0.0

  var epochNanos: Int64 = 0
  var state: PodState = .idle
  var flight = Flight()
  var nextRunSequence = 0
  var chunkScratch: [Chunk] = []
  var retireScratch: [Int32] = []
  var stats = PodStatistics()
  /// Busy time: whole nanoseconds plus picoseconds not yet carried into them (a pod busy for
  /// more than 106 days in all would overflow a count of picoseconds alone).
  var busyNanoseconds: Int64 = 0
  var busyPicoseconds: Int64 = 0

  /// Creates an idle pod with an empty cache.
  public init(id: PodID, profile: CostProfile, mode: PodSimulationMode = .eventDriven) {
    precondition(profile.firstInvalidField() == nil, "invalid cost profile \(profile.name): validate before building pods")
    self.id = id
    self.profile = profile
    self.mode = mode
    self.cost = IterationCost(profile)
    self.blockTokens = profile.blockTokens
    self.phaseCounts = Array(repeating: 0, count: profile.blockTokens)
    self.cache = PrefixCache(capacityBlocks: profile.kvCapacityBlocks)
  }

  /// Counters accumulated so far.
  public var statistics: PodStatistics {
    var result = stats
    result.busyTime = SimDuration(nanoseconds: busyNanoseconds + busyPicoseconds / 1000)
    return result
  }

  /// KV blocks pinned by running requests.
  var usedBlocks: Int { privateBlocks + cache.pinnedBlocks }

  /// When the pod next needs `advance(to:)`; nil when idle. A stored property, so a driver
  /// scanning an array of pods reads it without copying the pod.
  public private(set) var nextEventTime: SimInstant?

  /// Recomputes `nextEventTime` after a mutation.
  mutating func refreshNextEventTime() {
    switch state {
    case .idle: nextEventTime = nil
    case .open(let boundary): nextEventTime = SimInstant(nanoseconds: epochNanos &+ boundary / 1000 &+ 1)
    case .flying: nextEventTime = instant(flight.end)
    }
  }

  /// Accepts an arriving request; it joins the first pass that starts at or after `now`.
  /// Returns false (and drops the request) when its prompt plus `max_tokens` (or plus the
  /// predicted output, without `max_tokens`) could never fit in the pod's KV memory: the pod,
  /// like vLLM, cannot know the true output length. A request admitted on a short guess whose
  /// true output outgrows the whole memory stops where the memory ends (`truncatedAtKV`).
  @discardableResult
  public mutating func admit(_ request: PodRequest, at now: SimInstant) -> Bool {
    let input = max(1, request.inputTokens)
    let capacityTokens = profile.kvCapacityBlocks * blockTokens
    guard blocks(forTokens: input + max(1, request.admissionOutputTokens) - 1) <= profile.kvCapacityBlocks else {
      stats.rejectedOversized += 1
      return false
    }
    var output = max(1, request.outputTokens)
    if input + output - 1 > capacityTokens {
      output = capacityTokens - input + 1
      stats.truncatedAtKV += 1
    }
    switch state {
    case .idle:
      epochNanos = now.nanoseconds
      state = .open(0)
    case .open: break
    case .flying:
      // A decode run only carries on past requests that wait because the queue's head is
      // blocked (running cap or KV, both stable until the run ends); a newcomer joins behind it.
      // Otherwise the run stops at the first boundary at or after `now` so the newcomer can join.
      if waiting.isEmpty { cutFlight(atLimit: limit(now)) }
    }
    let slot = RequestSlot(request: request, input: input, output: output)
    let index: Int32
    if let reused = freeSlots.popLast() {
      index = reused
      slots[Int(index)] = slot
      requests[Int(index)] = request
    } else {
      index = Int32(slots.count)
      slots.append(slot)
      requests.append(request)
    }
    waiting.append(index)
    muFull += request.estimatedMU
    workFull += request.measuredMU
    refreshNextEventTime()
    checkInvariants()
    return true
  }

  /// Runs the pod's events at or before `time`, appending completions in retirement order.
  public mutating func advance(to time: SimInstant, into completed: inout [CompletedRequest]) {
    while true {
      switch state {
      case .idle:
        refreshNextEventTime()
        return
      case .open(let boundary):
        guard boundary < limit(time) else {
          refreshNextEventTime()
          return
        }
        compose(at: boundary)
      case .flying:
        guard flight.end <= limit(time) else {
          refreshNextEventTime()
          return
        }
        finishFlight(into: &completed)
      }
      checkInvariants()
    }
  }

  /// Multiplies the time of passes that start after `now` by `factor` (fault injection).
  public mutating func setSlowdown(_ factor: Double, at now: SimInstant) {
    precondition(factor.isFinite && factor > 0, "slowdown factor must be positive")
    if case .flying = state { cutFlight(atLimit: limit(now)) }
    slowdown = factor
    cost = IterationCost(profile, slowdown: factor)
    refreshNextEventTime()
  }

  /// The pod is lost: returns its running requests (in running order) then its waiting ones,
  /// and clears its state and cache. Statistics are kept.
  public mutating func failAll(at now: SimInstant) -> [PodRequest] {
    var lost: [PodRequest] = []
    lost.reserveCapacity(running.count + waiting.count)
    for slot in running { lost.append(requests[Int(slot)]) }
    for slot in waiting { lost.append(requests[Int(slot)]) }
    slots.removeAll()
    requests.removeAll()
    freeSlots.removeAll()
    running.removeAll()
    prefillers.removeAll()
    waiting.removeAll()
    cache.removeAll()
    privateBlocks = 0
    decoders = 0
    decodeContextBase = 0
    phaseCounts = Array(repeating: 0, count: blockTokens)
    finishHeap = Heap()
    predictionHeap = Heap()
    muFull = 0
    muBase = 0
    muSlope = 0
    workFull = 0
    workBase = 0
    workSlope = 0
    chunkScratch.removeAll()
    state = .idle
    nextEventTime = nil
    return lost
  }

  /// `boundary` on a pod clock moved forward by whole nanoseconds once it passes 2^61 ps (27
  /// days without an idle moment, which resets it), so that a run after it cannot overflow.
  /// Every instant the pod hands out is the same either way: stored times are nanoseconds.
  mutating func rebasedClock(at boundary: Int64) -> Int64 {
    guard boundary >= 1 << 61 else { return boundary }
    epochNanos += boundary / 1000
    return boundary % 1000
  }

  /// Adds `elapsed` pod-clock picoseconds to the busy time.
  @inline(__always) mutating func addBusy(_ elapsed: Int64) {
    busyPicoseconds += elapsed
    if busyPicoseconds >= Self.busyCarry {
      busyNanoseconds += busyPicoseconds / 1000
      busyPicoseconds %= 1000
    }
  }

  /// Picoseconds of busy time carried into nanoseconds at once (a flight adds at most
  /// `longestRunPicoseconds`, so the sum stays far inside Int64).
  static let busyCarry: Int64 = 1 << 60

  /// Pod-clock picoseconds up to which events may run when the driver is at `time`.
  @inline(__always) func limit(_ time: SimInstant) -> Int64 {
    let (delta, overflow) = time.nanoseconds.subtractingReportingOverflow(epochNanos)
    if overflow || delta > Int64.max / 1000 { return Int64.max }
    return delta * 1000
  }

  /// The first nanosecond at or after pod-clock picosecond `ps`.
  @inline(__always) func instant(_ ps: Int64) -> SimInstant {
    SimInstant(nanoseconds: epochNanos &+ (ps + 999) / 1000)
  }

  /// KV blocks that hold `tokens` tokens.
  @inline(__always) func blocks(forTokens tokens: Int) -> Int {
    (tokens + blockTokens - 1) / blockTokens
  }
}

/// Where the pod is in its loop.
enum PodState: Sendable, Equatable {
  /// Nothing running or waiting.
  case idle
  /// At a pass boundary (pod-clock ps) whose batch is not yet chosen: arrivals at it may join.
  case open(Int64)
  /// A pass, or a closed-form run of decode-only passes, is in flight (see `Flight`).
  case flying
}

/// One or more passes in flight, started at `start`: pass k takes `base + increment * k`.
struct Flight: Sendable {
  var start: Int64 = 0
  var passes: Int64 = 1
  var base: Int64 = 0
  var increment: Int64 = 0
  var end: Int64 = 0
  /// Passes of this flight whose KV blocks are already allocated (the first always is).
  var allocatedPasses: Int64 = 1
  /// Pass count of the pod when the flight started.
  var startPassCount: Int64 = 0
  /// Whether the decoders take part (false for a prefill-first scheduler's prefill pass, which
  /// leaves them and the pass count where they are).
  var decodes = true

  /// Time of `k` whole passes from `start`.
  @inline(__always) func elapsed(_ k: Int64) -> Int64 {
    k &* base &+ increment &* (k &* (k &- 1) / 2)
  }
}

/// A prefill chunk in the pass in flight.
struct Chunk: Sendable {
  var slot: Int32
  var tokens: Int
}

/// A decoder's retirement: ordered by the pass count at which it finishes, then running order.
struct FinishEntry: Comparable, Sendable {
  var finishPass: Int64
  var runSequence: Int
  var slot: Int32

  static func < (lhs: FinishEntry, rhs: FinishEntry) -> Bool {
    lhs.finishPass != rhs.finishPass ? lhs.finishPass < rhs.finishPass : lhs.runSequence < rhs.runSequence
  }
}
