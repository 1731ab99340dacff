import SimCore

extension SliceLoadTracker {
  /// The tracked slices.
  var trackedSlices: [KeySlice] {
    lows.indices.map { index in
      index + 1 < lows.count ? KeySlice(low: lows[index], high: lows[index + 1]) : .toEnd(from: lows[index])
    }
  }

  /// Load rates as of `time` as a load map, with top keys isolated as single-key entries.
  ///
  /// A key is a top key when its guaranteed rate (count minus the space-saving error) is above
  /// `topKeySupport` of its slice's rate and `topKeyMinimumFraction` of the total rate.
  public func loadMap(at time: SimInstant) -> LoadMap {
    let rates = sliceRates(at: time)
    let total = rates.reduce(0, +)
    var hotKeys: [LoadMap.KeyLoad] = []
    for index in lows.indices where topUsed[index] > 0 && rates[index] > 0 {
      let (_, seconds) = decayedState(slice: index, at: time)
      let factor = decayFactor(nanoseconds: Swift.max(0, time.nanoseconds - lastUpdate[index]))
      let base = index * topKeysPerSlice
      var inSlice: [LoadMap.KeyLoad] = []
      for slot in base..<(base + topUsed[index]) {
        let rate = (topCounts[slot] - topErrors[slot]) * factor / seconds
        if rate > 0, rate >= topKeySupport * rates[index], rate >= topKeyMinimumFraction * total {
          inSlice.append(LoadMap.KeyLoad(key: topKeys[slot], load: rate))
        }
      }
      hotKeys.append(contentsOf: inSlice.sorted { $0.key < $1.key })
    }
    return LoadMap(slices: trackedSlices, loads: rates, hotKeys: hotKeys)
  }

  /// Switches to `assignment`'s slices at `time`, carrying history over.
  ///
  /// Each new slice gets the sum of the old slices' rates weighted by the share of each old
  /// slice it overlaps, and the overlap-weighted observation time; top keys follow their key.
  public mutating func adopt(_ assignment: Assignment, at time: SimInstant) {
    guard assignment.lows != lows else { return }
    let oldSlices = trackedSlices
    let oldState = lows.indices.map { decayedState(slice: $0, at: time) }
    let oldFactors = lows.indices.map { decayFactor(nanoseconds: Swift.max(0, time.nanoseconds - lastUpdate[$0])) }
    let oldTop = (topKeys, topCounts, topErrors, topUsed)
    resetSlices(assignment, at: time)
    let newSlices = trackedSlices
    var old = 0
    for index in newSlices.indices {
      let slice = newSlices[index]
      while old < oldSlices.count, oldSlices[old].lastKey < slice.low { old += 1 }
      var rate = 0.0
      var seconds = 0.0
      var cursor = old
      while cursor < oldSlices.count, oldSlices[cursor].low <= slice.lastKey {
        if let overlap = oldSlices[cursor].intersection(slice), oldState[cursor].seconds > 0 {
          rate += oldState[cursor].load / oldState[cursor].seconds * (overlap.width / oldSlices[cursor].width)
          seconds += oldState[cursor].seconds * (overlap.width / slice.width)
        }
        cursor += 1
      }
      decayedSeconds[index] = seconds
      decayedLoad[index] = rate * seconds
    }
    for oldIndex in oldSlices.indices where oldTop.3[oldIndex] > 0 && oldState[oldIndex].seconds > 0 {
      let base = oldIndex * topKeysPerSlice
      for slot in base..<(base + oldTop.3[oldIndex]) {
        let target = sliceIndex(containing: oldTop.0[slot])
        let scale = oldFactors[oldIndex] * decayedSeconds[target] / oldState[oldIndex].seconds
        carryTopKey(oldTop.0[slot], count: oldTop.1[slot] * scale, error: oldTop.2[slot] * scale, slice: target)
      }
    }
  }

  /// Puts a carried-over top key into `slice`'s table, evicting the smallest if it is larger.
  private mutating func carryTopKey(_ key: UInt64, count: Double, error: Double, slice index: Int) {
    guard topKeysPerSlice > 0, count > 0 else { return }
    let base = index * topKeysPerSlice
    let used = topUsed[index]
    if used < topKeysPerSlice {
      (topKeys[base + used], topCounts[base + used], topErrors[base + used]) = (key, count, error)
      topUsed[index] = used + 1
      return
    }
    var smallest = base
    for slot in base..<(base + used) where topCounts[slot] < topCounts[smallest] { smallest = slot }
    if count > topCounts[smallest] { (topKeys[smallest], topCounts[smallest], topErrors[smallest]) = (key, count, error) }
  }
}
