/// Internal consistency checks, run after every step in debug builds.
extension Pod {
  @inline(__always) func checkInvariants() {
    #if MUROUTE_INTERNAL_CHECKS
      verifyInvariants()
    #endif
  }

  #if MUROUTE_INTERNAL_CHECKS
    /// Recomputes the aggregates from the requests and compares (debug only).
    func verifyInvariants() {
      precondition(usedBlocks <= profile.kvCapacityBlocks, "KV blocks in use exceed capacity")
      precondition(usedBlocks + cache.unpinnedBlocks <= profile.kvCapacityBlocks, "KV and cache exceed capacity")
      var seen = Array(repeating: 0, count: slots.count)
      for slot in running { seen[Int(slot)] += 1 }
      for slot in waiting { seen[Int(slot)] += 1 }
      for slot in freeSlots { seen[Int(slot)] += 1 }
      precondition(seen.allSatisfy { $0 == 1 }, "a request is in more than one state, or in none")
      let inFlightPasses: Int64
      if case .flying = state, flight.decodes { inFlightPasses = flight.allocatedPasses } else { inFlightPasses = 0 }
      var privateCount = 0
      var decoding = 0
      var contextBase: Int64 = 0
      var phases = Array(repeating: Int32(0), count: blockTokens)
      var lastSequence = -1
      for slot in running {
        let s = Int(slot)
        let r = slots[s]
        precondition(r.runSequence > lastSequence, "running list out of order")
        lastSequence = r.runSequence
        switch r.phase {
        case .waiting:
          preconditionFailure("a waiting request is in the running list")
        case .prefilling:
          privateCount += privateBlocks(of: s, kv: r.prefilled)
        case .decoding:
          decoding += 1
          contextBase += Int64(r.input) - r.tokenBase
          phases[phase(input: r.input, tokenBase: r.tokenBase)] += 1
          let generated = Int(passCount + inFlightPasses - r.tokenBase)
          privateCount += privateBlocks(of: s, kv: r.input + generated - 1)
          precondition(passCount - r.tokenBase < Int64(r.output), "a finished request is still decoding")
          precondition(passCount - r.tokenBase < Int64(r.predicted), "a decoder outlived its prediction unnoticed")
        }
      }
      for slot in waiting {
        precondition(slots[Int(slot)].phase == .waiting && slots[Int(slot)].heldNode < 0, "waiting request holds KV")
      }
      precondition(prefillers == running.filter { slots[Int($0)].phase == .prefilling }, "prefilling list drifted")
      precondition(decoding == decoders && contextBase == decodeContextBase && phases == phaseCounts, "decode aggregates drifted")
      precondition(privateCount == privateBlocks, "private block count drifted: \(privateCount) vs \(privateBlocks)")
      // Recounting walks the whole cache; on large caches do it on a sample of steps only, or
      // debug replays of a few thousand requests take minutes.
      let cacheBlocks = cache.pinnedBlocks + cache.unpinnedBlocks
      guard cacheBlocks <= 2_048 || passCount % 256 == 0 else { return }
      let recount = cache.recount()
      precondition(recount.pinned == cache.pinnedBlocks && recount.unpinned == cache.unpinnedBlocks, "cache pools drifted")
      precondition(recount.entries == cache.entryCount, "cache entry count drifted")
    }
  #endif
}
