import SimCore

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
    repredictOutlivedDecoders()
    state = running.isEmpty && waiting.isEmpty ? .idle : .open(end)
    if state == .idle {
      muFull = 0
      workFull = 0
    }
  }

  /// Whether a heap entry still describes a decoding request.
  @inline(__always) func isLive(_ entry: FinishEntry) -> Bool {
    // Field by field: reading the whole slot would copy it (and retain its prefix blocks).
    let s = Int(entry.slot)
    return slots[s].phase == .decoding && slots[s].runSequence == entry.runSequence
  }

  /// Publishes the prefix entries that request `s` has now fully computed.
  private mutating func registerPrefixEntries(of s: Int) {
    var growth = PrefixCache.Extension(held: slots[s].heldNode)
    var through = slots[s].sharedBlocks
    var nextLog = slots[s].nextLogIndex
    let prefilled = slots[s].prefilled
    let logTokens = slots[s].logBlockTokens
    if logTokens >= blockTokens {
      // Each log block makes one entry (what `prefixEntry` computes, without its search).
      let ids = requests[s].prefixBlocks
      let count = min(ids.count, slots[s].input / logTokens)
      var published = 0
      ids.withUnsafeBufferPointer { ids in
        while nextLog < count {
          let covered = (nextLog + 1) * logTokens / blockTokens
          guard covered * blockTokens <= prefilled,
            cache.register(&growth, key: StableHash.combine(ids[nextLog], UInt64(logTokens)), blocks: covered - through)
          else { break }
          published += covered - through
          through = covered
          nextLog += 1
        }
      }
      // The blocks move from the request's private pool into the shared entries.
      privateBlocks -= published
    } else {
      while let entry = prefixEntry(of: s, from: nextLog, through: through),
        entry.through * blockTokens <= prefilled,
        cache.register(&growth, key: entry.key, blocks: entry.blocks)
      {
        privateBlocks -= entry.blocks
        through = entry.through
        nextLog = entry.next
      }
    }
    slots[s].heldNode = cache.finish(growth)
    slots[s].sharedBlocks = through
    slots[s].nextLogIndex = nextLog
  }

  /// Moves request `s` from prefill to decode and into the decode aggregates.
  private mutating func startDecoding(_ s: Int) {
    // The slot's fields are read one by one, never the whole slot: a copy of it is wide and
    // retains its prefix blocks.
    let generated = slots[s].generated
    let input = slots[s].input
    slots[s].phase = .decoding
    let tokenBase = passCount - Int64(generated)
    slots[s].tokenBase = tokenBase
    decoders += 1
    decodeContextBase += Int64(input) - tokenBase
    phaseCounts[phase(input: input, tokenBase: tokenBase)] += 1
    if mode == .eventDriven {
      finishHeap.insert(
        FinishEntry(
          finishPass: tokenBase + Int64(slots[s].output), runSequence: slots[s].runSequence, slot: Int32(s)))
    }
    muFull -= slots[s].estimatedMU
    workFull -= slots[s].measuredMU
    while slots[s].predicted <= generated {
      slots[s].predicted = PodRequest.reprediction(generated: generated)
      stats.repredictions += 1
    }
    addDecodeMU(s)
  }

  /// Adds decoder `s` to the MU aggregates: its estimate falls linearly to 0 at its predicted length.
  private mutating func addDecodeMU(_ s: Int) {
    let estimate = slots[s].estimatedMU
    let work = slots[s].measuredMU
    let predicted = Double(slots[s].predicted)
    muBase += estimate * (predicted + Double(slots[s].tokenBase)) / predicted
    muSlope += estimate / predicted
    workBase += work * (predicted + Double(slots[s].tokenBase)) / predicted
    workSlope += work / predicted
    if mode == .eventDriven {
      predictionHeap.insert(
        FinishEntry(
          finishPass: slots[s].tokenBase + Int64(slots[s].predicted), runSequence: slots[s].runSequence,
          slot: Int32(s)))
    }
  }

  /// Takes decoder `s` out of the MU aggregates.
  private mutating func removeDecodeMU(_ s: Int) {
    let estimate = slots[s].estimatedMU
    let work = slots[s].measuredMU
    let predicted = Double(slots[s].predicted)
    if decoders == 0 {
      muBase = 0
      muSlope = 0
      workBase = 0
      workSlope = 0
    } else {
      muBase -= estimate * (predicted + Double(slots[s].tokenBase)) / predicted
      muSlope -= estimate / predicted
      workBase -= work * (predicted + Double(slots[s].tokenBase)) / predicted
      workSlope -= work / predicted
    }
  }

  /// Re-predicts every decoder that has generated its predicted length without finishing
  /// (in running order, in both modes, so that the MU sums are bit-identical).
  mutating func repredictOutlivedDecoders() {
    retireScratch.removeAll(keepingCapacity: true)
    switch mode {
    case .eventDriven:
      while let top = predictionHeap.min, top.finishPass <= passCount {
        predictionHeap.removeMin()
        if isLive(top) && slots[Int(top.slot)].tokenBase + Int64(slots[Int(top.slot)].predicted) == top.finishPass {
          retireScratch.append(top.slot)
        }
      }
    case .stepping:
      for slot in running where slots[Int(slot)].phase == .decoding {
        if passCount - slots[Int(slot)].tokenBase >= Int64(slots[Int(slot)].predicted) { retireScratch.append(slot) }
      }
    }
    if retireScratch.count > 1 { retireScratch.sort { slots[Int($0)].runSequence < slots[Int($1)].runSequence } }
    for slot in retireScratch {
      let s = Int(slot)
      removeDecodeMU(s)
      slots[s].predicted = PodRequest.reprediction(generated: Int(passCount - slots[s].tokenBase))
      stats.repredictions += 1
      addDecodeMU(s)
    }
    retireScratch.removeAll(keepingCapacity: true)
  }

  /// The first pass at which a live decoder reaches its predicted length (event-driven mode).
  mutating func nextPredictionPass() -> Int64? {
    while let top = predictionHeap.min {
      let s = Int(top.slot)
      if isLive(top) && slots[s].tokenBase + Int64(slots[s].predicted) == top.finishPass { return top.finishPass }
      predictionHeap.removeMin()
    }
    return nil
  }

  /// Takes request `s` out of the decode aggregates; returns its generated-token count.
  private mutating func stopDecoding(_ s: Int) -> Int {
    let input = slots[s].input
    let tokenBase = slots[s].tokenBase
    decoders -= 1
    decodeContextBase -= Int64(input) - tokenBase
    phaseCounts[phase(input: input, tokenBase: tokenBase)] -= 1
    removeDecodeMU(s)
    muFull += slots[s].estimatedMU
    workFull += slots[s].measuredMU
    return Int(passCount - tokenBase)
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
    cache.release(slots[s].heldNode)
    slots[s].heldNode = -1
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
    muFull -= slots[s].estimatedMU
    workFull -= slots[s].measuredMU
    releaseKV(of: s, kv: kv)
    completed.append(
      CompletedRequest(
        id: slots[s].id, arrival: slots[s].arrival,
        firstScheduled: .init(nanoseconds: slots[s].firstScheduled), firstToken: .init(nanoseconds: slots[s].firstToken),
        completion: instant(end), cachedTokens: slots[s].firstCached, preemptions: slots[s].preemptions,
        outputTokens: slots[s].output))
    stats.completed += 1
    slots[s].runSequence = -1
    slots[s].phase = .waiting
    requests[s].prefixBlocks = []
    freeSlots.append(slot)
  }
}
