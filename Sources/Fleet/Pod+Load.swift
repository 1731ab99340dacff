import SimCore

/// Load reporting: cheap enough to ask every pod every second.
extension Pod {
  /// The pod's load at `now`; call after `advance(to: now)`. Within a closed-form decode run
  /// the passes done by `now` are computed, not stored, so this is O(block size).
  public func load(at now: SimInstant) -> PodLoadReport {
    var passes = passCount
    var used = usedBlocks
    if case .flying = state, flight.passes > 1 {
      let span = limit(now) - flight.start
      let done = passesCompleted(within: span)
      passes = flight.startPassCount + done
      let started = min(flight.passes, flight.elapsed(done) == span ? done : done + 1)
      if started > flight.allocatedPasses {
        used += decodeBlocksNeeded(fromPass: flight.startPassCount + flight.allocatedPasses, passes: started - flight.allocatedPasses)
      }
    }
    let decodeMU = decoders > 0 ? max(0, muBase - Double(passes) * muSlope) : 0
    let workDecodeMU = decoders > 0 ? max(0, workBase - Double(passes) * workSlope) : 0
    var report = PodLoadReport(
      running: running.count, waiting: waiting.count, kvUsedBlocks: min(used, profile.kvCapacityBlocks),
      kvCapacityBlocks: profile.kvCapacityBlocks, inFlightMU: max(0, muFull) + decodeMU,
      cachedBlocks: cache.unpinnedBlocks, prefillMU: max(0, muFull))
    report.workMU = max(0, workFull) + workDecodeMU
    report.workPrefillMU = min(max(0, workFull), report.workMU)
    return report
  }
}
