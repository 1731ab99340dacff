/// Closed-form runs of decode-only passes (pod-model.md): pass k of a run takes
/// `base + e*n*k`, decoders take blocks on a fixed residue cycle, so the run's length, its
/// boundaries and its KV use need no per-pass work.
extension Pod {
  /// Longest run starting with the pass just composed that stays decode-only with the same
  /// batch: up to and including the next completion or re-prediction (so that the in-flight
  /// MU stays linear within the run), and no further than KV allows without a preemption (or,
  /// when requests wait, without an eviction that could change their hits).
  mutating func decodeRunLength() -> Int64 {
    while let top = finishHeap.min, !isLive(top) { finishHeap.removeMin() }
    guard let top = finishHeap.min, decoders > 0 else { return 1 }
    let toCompletion = min(top.finishPass, nextPredictionPass() ?? top.finishPass) - passCount
    var room = profile.kvCapacityBlocks - usedBlocks
    if !waiting.isEmpty { room -= cache.unpinnedBlocks }
    let fitting = passesThatFit(fromPass: passCount + 1, blocks: max(0, room))
    let passes = max(1, min(toCompletion, 1 + fitting, Self.maximumRunPasses))
    // Its longest pass is the last; slow profiles (passes of a minute, a slowed pod 1000x
    // that) get shorter runs so the run's closed-form time stays within `longestRunPicoseconds`.
    let (growth, grew) = flight.increment.multipliedReportingOverflow(by: passes - 1)
    let (sum, summed) = flight.base.addingReportingOverflow(growth)
    let longestPass = grew || summed ? Int64.max : max(1, sum)
    guard longestPass <= Self.longestRunPicoseconds / passes else {
      return max(1, min(passes, Self.longestRunPicoseconds / longestPass))
    }
    return passes
  }

  /// Caps a run so that its closed-form times stay far inside Int64 picoseconds.
  static let maximumRunPasses: Int64 = 100_000
  /// The longest a run may take, 2^60 ps (13 days): with the pod clock rebased below 2^61 ps
  /// (`compose`), a run's end stays inside Int64.
  static let longestRunPicoseconds: Int64 = 1 << 60

  /// Blocks the decoders take at the pass that starts after `pass` passes.
  @inline(__always) func decodeBlocksAt(pass: Int64) -> Int {
    let b = Int64(blockTokens)
    let r = (-pass) % b
    return Int(phaseCounts[Int(r < 0 ? r + b : r)])
  }

  /// How many consecutive passes from `fromPass` the decoders can run with `blocks` free blocks.
  func passesThatFit(fromPass start: Int64, blocks room: Int) -> Int64 {
    let n = decoders
    guard n > 0 else { return Self.maximumRunPasses }
    let cycles = Int64(room / n)
    let left = room - Int(cycles) * n
    let cycleStart = start + cycles * Int64(blockTokens)
    var taken = 0
    for j in 0..<Int64(blockTokens) {
      taken += decodeBlocksAt(pass: cycleStart + j)
      if taken > left { return cycles * Int64(blockTokens) + j }
    }
    return cycles * Int64(blockTokens) + Int64(blockTokens)  // unreachable: a cycle takes n > left
  }

  /// Blocks the decoders take over `passes` passes starting after `fromPass` passes.
  func decodeBlocksNeeded(fromPass start: Int64, passes: Int64) -> Int {
    guard passes > 0 else { return 0 }
    let b = Int64(blockTokens)
    let cycles = passes / b
    var total = Int(cycles) * decoders
    let rest = passes - cycles * b
    var j: Int64 = 0
    while j < rest {
      total += decodeBlocksAt(pass: start + cycles * b + j)
      j += 1
    }
    return total
  }

  /// Whole passes of the flight finished within `span` picoseconds of its start.
  func passesCompleted(within span: Int64) -> Int64 {
    let f = flight
    guard span > 0 else { return 0 }
    var k: Int64
    if f.increment == 0 {
      k = span / f.base
    } else {
      // increment/2 k^2 + (base - increment/2) k - span <= 0; stable root, then exact checks.
      let a = Double(f.increment) / 2
      let b = Double(f.base) - a
      let c = -Double(span)
      let disc = (b * b - 4 * a * c).squareRoot()
      let root = b >= 0 ? (2 * c) / (-b - disc) : (-b + disc) / (2 * a)
      k = Int64(max(0, min(Double(f.passes), root.rounded(.down))))
    }
    k = min(k, f.passes)
    while k < f.passes && f.elapsed(k + 1) <= span { k += 1 }
    while k > 0 && f.elapsed(k) > span { k -= 1 }
    return k
  }

  /// Stops a decode run at the first pass boundary at or after `limit`, so that an arrival or a
  /// change of speed takes effect there; the pass in flight at `limit` keeps running.
  mutating func cutFlight(atLimit limit: Int64) {
    guard case .flying = state, flight.passes > 1, flight.end > limit else { return }
    let span = limit - flight.start
    let done = passesCompleted(within: span)
    let elapsed = flight.elapsed(done)
    let started = elapsed == span ? done : done + 1
    if started > flight.allocatedPasses {
      allocate(decodeBlocksNeeded(fromPass: flight.startPassCount + flight.allocatedPasses, passes: started - flight.allocatedPasses))
    }
    passCount = flight.startPassCount + done
    stats.iterations += Int(done)
    addBusy(elapsed)
    if elapsed == span {
      state = .open(flight.start + elapsed)
    } else {
      flight.start += elapsed
      flight.base += flight.increment * done
      flight.passes = 1
      flight.allocatedPasses = 1
      flight.startPassCount = passCount
      flight.end = flight.start + flight.base
    }
  }
}
