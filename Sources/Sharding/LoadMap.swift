/// Load over the key space: contiguous entries, each spreading its load uniformly over its range.
///
/// The load of any sub-range is apportioned in proportion to its width (Dicer reads keys as the
/// number `0x0.<bytes>`; with 64-bit keys that is simply the key count). Hot keys appear as
/// single-key entries, which `split` never cuts.
public struct LoadMap: Sendable, Equatable {
  /// One range and the load spread over it.
  public struct Entry: Sendable, Equatable {
    public var slice: KeySlice
    public var load: Double
    /// An entry spreading `load` over `slice`.
    public init(slice: KeySlice, load: Double) {
      self.slice = slice
      self.load = load
    }
  }

  /// One hot key and its load (included in its enclosing slice's load).
  public struct KeyLoad: Sendable, Equatable {
    public var key: UInt64
    public var load: Double
    /// A hot key with its load.
    public init(key: UInt64, load: Double) {
      self.key = key
      self.load = load
    }
  }

  /// Where `split` cut a range and the load it estimates for the prefix.
  public struct Split: Sendable, Equatable {
    /// The first key of the suffix; nil when the whole range went to the prefix.
    public var key: UInt64?
    public var prefixLoad: Double
  }

  /// Entries sorted by key, disjoint, covering the key space.
  public private(set) var entries: [Entry]

  /// A map with no load anywhere.
  public init() { entries = [Entry(slice: .full, load: 0)] }

  /// A map from contiguous entries covering the key space, in key order.
  public init(entries: [Entry]) {
    precondition(LoadMap.coversKeySpace(entries.map(\.slice)), "LoadMap entries must cover the key space in order")
    precondition(entries.allSatisfy { $0.load >= 0 && $0.load.isFinite }, "LoadMap loads must be finite and >= 0")
    self.entries = entries
  }

  /// A map from per-slice loads with hot keys carved out as single-key entries.
  ///
  /// Each hot key's load is part of its slice's load, so the rest of the slice carries what
  /// remains, spread over the remaining keys. Negative or non-finite loads count as 0.
  public init(slices: [KeySlice], loads rawLoads: [Double], hotKeys unsortedHotKeys: [KeyLoad] = []) {
    precondition(slices.count == rawLoads.count, "one load per slice")
    let loads = rawLoads.map { $0.isFinite ? Swift.max(0, $0) : 0 }
    let hotKeys = unsortedHotKeys.filter { $0.load.isFinite && $0.load > 0 }.sorted { $0.key < $1.key }
    var built: [Entry] = []
    built.reserveCapacity(slices.count + 2 * hotKeys.count)
    var hot = 0
    for (slice, sliceLoad) in zip(slices, loads) {
      while hot < hotKeys.count, hotKeys[hot].key < slice.low { hot += 1 }
      var inSlice: [KeyLoad] = []
      while hot < hotKeys.count, slice.contains(hotKeys[hot].key) {
        if inSlice.last?.key != hotKeys[hot].key { inSlice.append(hotKeys[hot]) }
        hot += 1
      }
      LoadMap.appendCarved(slice: slice, load: sliceLoad, hotKeys: inSlice, to: &built)
    }
    self.init(entries: built)
  }

  /// A map with `total` load spread uniformly over the key space.
  public static func uniform(total: Double) -> LoadMap {
    LoadMap(entries: [Entry(slice: .full, load: total)])
  }

  /// The load of the whole key space.
  public var totalLoad: Double { entries.reduce(0) { $0 + $1.load } }

  /// This map plus `total` load spread uniformly over the key space (Dicer's reservation).
  public func withAddedUniformLoad(_ total: Double) -> LoadMap {
    var copy = self
    for index in copy.entries.indices {
      copy.entries[index].load += total * copy.entries[index].slice.keySpaceFraction
    }
    return copy
  }

  /// The load apportioned to `slice`.
  public func load(of slice: KeySlice) -> Double {
    var total = 0.0
    var index = entryIndex(containing: slice.low)
    while index < entries.count, entries[index].slice.low <= slice.lastKey {
      total += apportioned(entries[index], to: slice)
      index += 1
    }
    return total
  }

  /// Index of the entry that holds `key`.
  func entryIndex(containing key: UInt64) -> Int {
    var lowerBound = 0
    var upperBound = entries.count
    while upperBound - lowerBound > 1 {
      let middle = (lowerBound + upperBound) / 2
      if entries[middle].slice.low <= key { lowerBound = middle } else { upperBound = middle }
    }
    return lowerBound
  }

  /// The load of `entry` that falls inside `slice`.
  func apportioned(_ entry: Entry, to slice: KeySlice) -> Double {
    guard entry.load > 0, let overlap = entry.slice.intersection(slice) else { return 0 }
    if overlap == entry.slice { return entry.load }
    return entry.load * (overlap.width / entry.slice.width)
  }

  static func coversKeySpace(_ slices: [KeySlice]) -> Bool {
    guard let first = slices.first, first.low == 0, slices.last?.isToEnd == true else { return false }
    for index in 1..<slices.count where slices[index - 1].isToEnd || slices[index - 1].high != slices[index].low {
      return false
    }
    return true
  }

  private static func appendCarved(slice: KeySlice, load: Double, hotKeys: [KeyLoad], to built: inout [Entry]) {
    guard !hotKeys.isEmpty else {
      built.append(Entry(slice: slice, load: load))
      return
    }
    // Hot keys cannot carry more than their slice: scale them down if the estimates overshoot.
    let hotSum = hotKeys.reduce(0) { $0 + $1.load }
    let hotTotal = Swift.min(load, hotSum)
    let hotScale = hotSum > 0 ? hotTotal / hotSum : 0
    let backgroundLoad = load - hotTotal
    let backgroundWidth = slice.width - Double(hotKeys.count)
    func background(_ part: KeySlice) -> Entry {
      Entry(slice: part, load: backgroundWidth > 0 ? backgroundLoad * part.width / backgroundWidth : 0)
    }
    var cursor = slice.low
    var reachedEnd = false
    for hotKey in hotKeys {
      if hotKey.key > cursor { built.append(background(KeySlice(low: cursor, high: hotKey.key))) }
      built.append(Entry(slice: .singleKey(hotKey.key), load: hotKey.load * hotScale))
      if hotKey.key == slice.lastKey {
        reachedEnd = true
        break
      }
      cursor = hotKey.key + 1
    }
    if !reachedEnd {
      let rest = slice.isToEnd ? KeySlice.toEnd(from: cursor) : KeySlice(low: cursor, high: slice.high)
      built.append(background(rest))
    }
  }
}
