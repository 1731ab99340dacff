import SimCore

/// Choosing the batch of a pass: vLLM's scheduler at iteration level.
extension Pod {
  /// Composes the pass that starts at pod-clock `start` and puts it in flight (or idles).
  mutating func compose(at boundary: Int64) {
    let start = rebasedClock(at: boundary)
    var preempted = false
    var decodes = true
    while true {
      if running.isEmpty && waiting.isEmpty {
        state = .idle
        muFull = 0
        workFull = 0
        return
      }
      stats.composedIterations += 1
      if profile.scheduler == .prefillFirst && schedulePrefillsAlone(at: start) {
        decodes = false
        break
      }
      preempted = scheduleRunningAndWaiting(at: start)
      if !chunkScratch.isEmpty || decoders > 0 { break }
      // Everything running was preempted: vLLM's next step admits from the queue again.
    }
    var prefillTokens: Int64 = 0
    var prefillTokenContext: Int64 = 0
    var prefillContext: Int64 = 0
    for chunk in chunkScratch {
      let context = Int64(slots[Int(chunk.slot)].prefilled)
      prefillTokens += Int64(chunk.tokens)
      prefillTokenContext += Int64(chunk.tokens) * context
      prefillContext += context
    }
    let n = decodes ? Int64(decoders) : 0
    let base = cost.pass(
      prefillTokens: prefillTokens, prefillTokenContext: prefillTokenContext, prefillContext: prefillContext,
      decodes: n, decodeContext: decodeContextBase + n * passCount)
    flight = Flight(
      start: start, passes: 1, base: base, increment: cost.decodeContext * n, end: start + base,
      allocatedPasses: 1, startPassCount: passCount, decodes: decodes)
    if mode == .eventDriven && chunkScratch.isEmpty && !preempted {
      flight.passes = decodeRunLength()
      flight.end = start + flight.elapsed(flight.passes)
    }
    state = .flying
  }

  /// The prefill-first scheduler's prefill pass: admits waiting requests FIFO with their whole
  /// remaining prompt while the token budget (the first may exceed it alone), the running cap
  /// and KV allow, and leaves the decoders idle for this pass. False when nobody can be
  /// admitted, so the pass decodes instead.
  private mutating func schedulePrefillsAlone(at start: Int64) -> Bool {
    chunkScratch.removeAll(keepingCapacity: true)
    guard !waiting.isEmpty else { return false }
    var budget = profile.prefillTokenBudget
    admitWaiting(at: start, budget: &budget, whole: true)
    return !chunkScratch.isEmpty
  }

  /// Gives every running request its decode slot or prefill chunk (preempting the newest when
  /// KV runs out), then admits waiting requests FIFO. Returns whether anything was preempted.
  private mutating func scheduleRunningAndWaiting(at start: Int64) -> Bool {
    chunkScratch.removeAll(keepingCapacity: true)
    var budget = profile.prefillTokenBudget
    // The reference mode always takes the request-by-request path, so the fast path is tested.
    // Prefill-first admits only in a pass of its own (`schedulePrefillsAlone`).
    let admits = profile.scheduler == .chunked
    if mode == .eventDriven && scheduleWithoutPreemption(budget: &budget) {
      if admits { admitWaiting(at: start, budget: &budget) }
      return false
    }
    var preempted = false
    var index = 0
    while index < running.count {
      let slot = running[index]
      let s = Int(slot)
      var need = 0
      var chunk = 0
      if slots[s].phase == .decoding {
        need = slots[s].decodeKV(passCount: passCount) % blockTokens == 0 ? 1 : 0
      } else {
        chunk = min(slots[s].prefillTarget - slots[s].prefilled, budget)
        if chunk == 0 {
          index += 1
          continue
        }
        need = privateBlocks(of: s, kv: slots[s].prefilled + chunk) - privateBlocks(of: s, kv: slots[s].prefilled)
      }
      var preemptedSelf = false
      while profile.kvCapacityBlocks - usedBlocks < need, let victim = running.last {
        preempt(victim)
        preempted = true
        if victim == slot {
          preemptedSelf = true
          break
        }
      }
      if preemptedSelf { break }
      allocate(need)
      if chunk > 0 {
        slots[s].prefilled += chunk
        budget -= chunk
        chunkScratch.append(Chunk(slot: slot, tokens: chunk))
      }
      index += 1
    }
    if !preempted && admits { admitWaiting(at: start, budget: &budget) }
    return preempted
  }

  /// The common case in O(prefilling requests): when the decoders' new blocks (known from
  /// their residue counts) plus the prefill chunks fit, nobody is preempted and the order of the
  /// allocations does not matter (eviction depends only on how many blocks are taken).
  private mutating func scheduleWithoutPreemption(budget: inout Int) -> Bool {
    var need = decoders > 0 ? decodeBlocksAt(pass: passCount) : 0
    var left = budget
    for slot in prefillers {
      let s = Int(slot)
      let chunk = min(slots[s].prefillTarget - slots[s].prefilled, left)
      guard chunk > 0 else { continue }
      need += privateBlocks(of: s, kv: slots[s].prefilled + chunk) - privateBlocks(of: s, kv: slots[s].prefilled)
      left -= chunk
    }
    guard need <= profile.kvCapacityBlocks - usedBlocks else { return false }
    allocate(need)
    for slot in prefillers {
      let s = Int(slot)
      let chunk = min(slots[s].prefillTarget - slots[s].prefilled, budget)
      guard chunk > 0 else { continue }
      slots[s].prefilled += chunk
      budget -= chunk
      chunkScratch.append(Chunk(slot: slot, tokens: chunk))
    }
    return true
  }

  /// Moves waiting requests into the batch, FIFO, while budget, the running cap and KV allow.
  /// With `whole`, a request is admitted only with its whole remaining prompt in this pass.
  private mutating func admitWaiting(at start: Int64, budget: inout Int, whole: Bool = false) {
    while budget > 0, running.count < profile.maxRunningRequests, let slot = waiting.first {
      let s = Int(slot)
      let (match, through, nextLog) = longestCachedPrefix(of: s)
      let pinCost = match.pinCost
      let target = slots[s].input + slots[s].generated
      // At least one token is computed: the pass that samples the next token needs it.
      let cachedTokens = min(through * blockTokens, target - 1)
      let chunk = whole && chunkScratch.isEmpty ? target - cachedTokens : min(target - cachedTokens, budget)
      if whole && chunk < target - cachedTokens { return }
      let privateNeed = max(0, blocks(forTokens: cachedTokens + chunk) - through)
      guard profile.kvCapacityBlocks - usedBlocks >= pinCost + privateNeed else { return }
      waiting.removeFirst()
      slots[s].heldNode = cache.pin(match)
      allocate(privateNeed)
      slots[s].sharedBlocks = through
      slots[s].nextLogIndex = nextLog
      slots[s].phase = .prefilling
      slots[s].prefillTarget = target
      slots[s].prefilled = cachedTokens + chunk
      slots[s].runSequence = nextRunSequence
      nextRunSequence += 1
      if slots[s].firstScheduled < 0 { slots[s].firstScheduled = instant(start).nanoseconds }
      if slots[s].firstCached < 0 { slots[s].firstCached = cachedTokens }
      stats.hitTokens += cachedTokens
      stats.missTokens += target - cachedTokens
      stats.hitBlocks += through
      stats.missBlocks += max(0, blocks(forTokens: target) - through)
      running.append(slot)
      prefillers.append(slot)
      chunkScratch.append(Chunk(slot: slot, tokens: chunk))
      budget -= chunk
    }
  }

  /// Where request `s`'s longest cached prefix ends: the cache match, the pod blocks it covers
  /// and the next log block to publish. A head of the queue blocked on KV is matched again at
  /// every pass, so when each log block makes one entry (log blocks no smaller than the pod's)
  /// the match probes a few entries per node instead of walking the chain.
  @inline(__always)
  func longestCachedPrefix(of s: Int) -> (match: PrefixCache.Match, through: Int, nextLog: Int) {
    let logTokens = slots[s].logBlockTokens
    if logTokens >= blockTokens {
      let ids = requests[s].prefixBlocks
      let count = min(ids.count, slots[s].input / logTokens)
      let (match, entries) = ids.withUnsafeBufferPointer { ids in
        cache.longestMatch(count: count) { StableHash.combine(ids[$0], UInt64(logTokens)) }
      }
      return (match, entries * logTokens / blockTokens, entries)
    }
    var match = PrefixCache.Match()
    var through = 0
    var nextLog = 0
    while let entry = prefixEntry(of: s, from: nextLog, through: through),
      cache.extend(&match, key: entry.key)
    {
      through = entry.through
      nextLog = entry.next
    }
    return (match, through, nextLog)
  }

  /// Private KV blocks request `s` holds when `kv` tokens are in its cache.
  @inline(__always) func privateBlocks(of s: Int, kv: Int) -> Int {
    max(0, blocks(forTokens: kv) - slots[s].sharedBlocks)
  }

  /// Takes `count` blocks for private use, evicting least recently used cached prefixes as needed.
  mutating func allocate(_ count: Int) {
    guard count > 0 else { return }
    let free = profile.kvCapacityBlocks - usedBlocks - cache.unpinnedBlocks
    if free < count {
      let evicted = cache.evict(atLeast: count - free)
      precondition(evicted.blocks >= count - free, "KV allocation beyond capacity: scheduler accounting is broken")
      stats.evictedBlocks += evicted.blocks
      stats.evictedEntries += evicted.entries
    }
    privateBlocks += count
  }
}
