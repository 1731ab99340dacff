extension LoadMap {
  /// Where to cut `slice` so that its prefix carries about `desiredLoad` (Dicer's `getSplit`).
  ///
  /// Splittable entries are cut in proportion to width. A single-key entry goes whole into the
  /// prefix or the suffix, whichever lands closer to `desiredLoad`; on a tie it joins the prefix
  /// only when it opens the slice, so two successive halvings isolate a lone hot key.
  public func split(_ slice: KeySlice, prefixLoad desiredLoad: Double) -> Split {
    precondition(desiredLoad >= 0 && desiredLoad.isFinite, "desired load must be finite and >= 0")
    var accumulated = 0.0
    var index = entryIndex(containing: slice.low)
    var isFirst = true
    while index < entries.count, entries[index].slice.low <= slice.lastKey {
      let entry = entries[index]
      guard let part = entry.slice.intersection(slice) else { break }
      let partLoad = apportioned(entry, to: part)
      let remaining = desiredLoad - accumulated
      let partEnd: UInt64? = part.isToEnd ? nil : part.high
      if entry.slice.isSingleKey {
        let include = abs(remaining - partLoad) < abs(remaining) || (abs(remaining - partLoad) == abs(remaining) && isFirst)
        guard include || partLoad == 0 else { return Split(key: part.low, prefixLoad: accumulated) }
        accumulated += partLoad
      } else if partLoad > remaining {
        let offsetLimit = part.lastKey &- part.low
        let offset = clampedOffset((remaining / partLoad) * part.width, limit: offsetLimit)
        return Split(key: part.low &+ offset, prefixLoad: accumulated + partLoad * Double(offset) / part.width)
      } else {
        accumulated += partLoad
      }
      if accumulated >= desiredLoad, partLoad > 0 || desiredLoad == 0 { return Split(key: partEnd, prefixLoad: accumulated) }
      isFirst = false
      index += 1
      if partEnd == nil { break }
    }
    return Split(key: nil, prefixLoad: accumulated)
  }

  /// A key inside `slice` that cuts it into two non-empty halves near the load midpoint, or the
  /// width midpoint when the load gives no usable cut; nil for a single key.
  func midpointSplitKey(of slice: KeySlice, load: Double) -> UInt64? {
    guard !slice.isSingleKey else { return nil }
    if load > 0, let key = split(slice, prefixLoad: load / 2).key, key > slice.low, key <= slice.lastKey {
      return key
    }
    return slice.low + (slice.lastKey - slice.low) / 2 + 1
  }
}

/// `value` rounded to the nearest integer and clamped to `[0, limit]`.
func clampedOffset(_ value: Double, limit: UInt64) -> UInt64 {
  let rounded = value.rounded()
  guard rounded > 0 else { return 0 }
  guard rounded < Double(limit) else { return limit }
  return UInt64(rounded)
}
