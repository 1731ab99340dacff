/// Ending passes: prefill progress, prefix registration, completions, preemption, KV release.
extension Pod {
  /// Ends the flight: applies its passes, then retires finished requests in running order.
  mutating func finishFlight(into completed: inout [CompletedRequest]) {
    let passes = flight.passes
    if flight.allocatedPasses < passes {
      allocate(decodeBlocksNeeded(fromPass: flight.startPassCount + flight.allocatedPasses, passes: passes - flight.allocatedPasses))
    }
    passCount = flight.startPassCount + (flight.decodes ? passes : 0)
    stats.iterations += Int(passes)
    addBusy(flight.elapsed(passes))
    let end = flight.end
    retireScratch.removeAll(keepingCapacity: true)
    for chunk in chunkScratch {
      let s = Int(chunk.slot)
      registerPrefixEntries(of: s)
      guard slots[s].prefilled == slots[s].prefillTarget else { continue }
      if let position = prefillers.firstIndex(of: chunk.slot) { prefillers.remove(at: position) }
      slots[s].generated += 1
      if slots[s].firstToken < 0 { slots[s].firstToken = instant(end).nanoseconds }
      if slots[s].generated >= slots[s].output {
        retireScratch.append(chunk.slot)
      } else {
        startDecoding(s)
      }
    }
    chunkScratch.removeAll(keepingCapacity: true)
    switch mode {
    case .eventDriven:
      while let top = finishHeap.min, top.finishPass <= passCount {
        finishHeap.removeMin()
        if isLive(top) { retireScratch.append(top.slot) }
      }
    case .stepping:
      for slot in running where slots[Int(slot)].phase == .decoding {
        if passCount - slots[Int(slot)].tokenBase >= Int64(slots[Int(slot)].output) { retireScratch.append(slot) }
      }
    }
    if retireScratch.count > 1 { retireScratch.sort { slots[Int($0)].runSequence < slots[Int($1)].runSequence } }
    for slot in retireScratch { retire(slot, at: end, into: &completed) }
    state = running.isEmpty && waiting.isEmpty ? .idle : .open(end)
    if state == .idle { muFull = 0 }
  }

  /// Whether a heap entry still describes a decoding request.
  @inline(__always) func isLive(_ entry: FinishEntry) -> Bool {
    let slot = slots[Int(entry.slot)]
    return slot.phase == .decoding && slot.runSequence == entry.runSequence
  }

  /// Publishes the prefix entries that request `s` has now fully computed.
  private mutating func registerPrefixEntries(of s: Int) {
    while let entry = slots[s].prefixEntry(from: slots[s].nextLogIndex, through: slots[s].sharedBlocks, podBlockTokens: blockTokens),
      entry.through * blockTokens <= slots[s].prefilled
    {
      let cached: Int32
      if let existing = cache.lookup(entry.key) {
        cache.pin(existing)
        cached = existing
      } else {
        cached = cache.insert(entry.key, blocks: entry.blocks)
      }
      // The blocks move from the request's private pool into the shared entry.
      privateBlocks -= entry.blocks
      slots[s].heldEntries.append(cached)
      slots[s].sharedBlocks = entry.through
      slots[s].nextLogIndex = entry.next
    }
  }

  /// Moves request `s` from prefill to decode and into the decode aggregates.
  private mutating func startDecoding(_ s: Int) {
    let slot = slots[s]
    slots[s].phase = .decoding
    let tokenBase = passCount - Int64(slot.generated)
    slots[s].tokenBase = tokenBase
    decoders += 1
    decodeContextBase += Int64(slot.input) - tokenBase
    phaseCounts[phase(input: slot.input, tokenBase: tokenBase)] += 1
    if mode == .eventDriven {
      finishHeap.insert(FinishEntry(finishPass: tokenBase + Int64(slot.output), runSequence: slot.runSequence, slot: Int32(s)))
    }
    let estimate = slot.request.estimatedMU
    let output = Double(slot.output)
    muFull -= estimate
    muBase += estimate * (output + Double(tokenBase)) / output
    muSlope += estimate / output
  }

  /// Takes request `s` out of the decode aggregates; returns its generated-token count.
  private mutating func stopDecoding(_ s: Int) -> Int {
    let slot = slots[s]
    decoders -= 1
    decodeContextBase -= Int64(slot.input) - slot.tokenBase
    phaseCounts[phase(input: slot.input, tokenBase: slot.tokenBase)] -= 1
    let estimate = slot.request.estimatedMU
    let output = Double(slot.output)
    if decoders == 0 {
      muBase = 0
      muSlope = 0
    } else {
      muBase -= estimate * (output + Double(slot.tokenBase)) / output
      muSlope -= estimate / output
    }
    muFull += estimate
    return Int(passCount - slot.tokenBase)
  }

  /// The residue class that decides at which passes a decoder takes a new block.
  @inline(__always) func phase(input: Int, tokenBase: Int64) -> Int {
    let r = (Int64(input) - tokenBase - 1) % Int64(blockTokens)
    return Int(r < 0 ? r + Int64(blockTokens) : r)
  }

  /// Sends the newest running request back to the front of the queue; it will recompute its
  /// prompt and generated tokens (vLLM's recompute preemption).
  mutating func preempt(_ slot: Int32) {
    let s = Int(slot)
    precondition(running.last == slot, "only the newest running request is preempted")
    running.removeLast()
    let kv: Int
    if slots[s].phase == .decoding {
      kv = slots[s].decodeKV(passCount: passCount)
      slots[s].generated = stopDecoding(s)
    } else {
      kv = slots[s].prefilled
      precondition(prefillers.last == slot, "the newest running request is the newest prefilling one")
      prefillers.removeLast()
    }
    releaseKV(of: s, kv: kv)
    slots[s].phase = .waiting
    slots[s].prefilled = 0
    slots[s].runSequence = -1
    slots[s].preemptions += 1
    stats.preemptions += 1
    waiting.prepend(slot)
  }

  /// Frees a request's private blocks and drops its prefix references, deepest first, so that
  /// the LRU list evicts the tails of prefixes before their heads (as vLLM frees in reverse).
  private mutating func releaseKV(of s: Int, kv: Int) {
    privateBlocks -= privateBlocks(of: s, kv: kv)
    for entry in slots[s].heldEntries.reversed() { cache.release(entry) }
    slots[s].heldEntries.removeAll()
    slots[s].sharedBlocks = 0
    slots[s].nextLogIndex = 0
  }

  private mutating func retire(_ slot: Int32, at end: Int64, into completed: inout [CompletedRequest]) {
    let s = Int(slot)
    if let position = running.firstIndex(of: slot) { running.remove(at: position) }
    let kv: Int
    if slots[s].phase == .decoding {
      kv = slots[s].decodeKV(passCount: passCount)
      _ = stopDecoding(s)
    } else {
      kv = slots[s].prefilled
    }
    muFull -= slots[s].request.estimatedMU
    releaseKV(of: s, kv: kv)
    let r = slots[s]
    completed.append(
      CompletedRequest(
        id: r.request.id, arrival: r.request.arrival, firstScheduled: .init(nanoseconds: r.firstScheduled),
        firstToken: .init(nanoseconds: r.firstToken), completion: instant(end), cachedTokens: r.firstCached,
        preemptions: r.preemptions, outputTokens: r.output))
    stats.completed += 1
    slots[s].runSequence = -1
    slots[s].phase = .waiting
    slots[s].heldEntries = []
    slots[s].request.prefixBlocks = []
    freeSlots.append(slot)
  }
}
