@testable import Fleet

/// The per-block prefix cache pods used before the span-based `PrefixCache`, kept as the
/// reference that `PrefixCacheReferenceTests` checks the new one against: entries keyed by chained
/// prefix ids, each covering a run of KV blocks, with reference counts and an LRU list of the
/// entries no running request uses.
///
/// Entries live in parallel arrays indexed by slot (no object per entry); the LRU list is
/// intrusive (prev/next slots) so pinning and releasing are O(1).
struct ReferencePrefixCache: Sendable {
  private(set) var keys: [UInt64] = []
  private(set) var blocks: [Int32] = []
  private(set) var refCounts: [Int32] = []
  private var previous: [Int32] = []
  private var next: [Int32] = []
  private var freeSlots: [Int32] = []
  private var index = BlockIndex()
  private var lruHead: Int32 = -1
  private var lruTail: Int32 = -1
  /// Blocks held by entries with reference count 0 (evictable).
  private(set) var unpinnedBlocks = 0
  /// Blocks held by entries in use.
  private(set) var pinnedBlocks = 0

  /// Number of live entries.
  var entryCount: Int { index.count }

  /// The entry for `key`, if cached.
  @inline(__always) func lookup(_ key: UInt64) -> Int32? { index[key] }

  /// Blocks of `entry` that pinning it would take out of the evictable pool.
  @inline(__always) func unpinnedCost(_ entry: Int32) -> Int {
    refCounts[Int(entry)] == 0 ? Int(blocks[Int(entry)]) : 0
  }

  /// Takes a reference on `entry`, removing it from the LRU list if it was unused.
  mutating func pin(_ entry: Int32) {
    let e = Int(entry)
    if refCounts[e] == 0 {
      unlink(entry)
      unpinnedBlocks -= Int(blocks[e])
      pinnedBlocks += Int(blocks[e])
    }
    refCounts[e] += 1
  }

  /// Adds a new entry with one reference.
  mutating func insert(_ key: UInt64, blocks count: Int) -> Int32 {
    let slot: Int32
    if let reused = freeSlots.popLast() {
      slot = reused
      keys[Int(slot)] = key
      blocks[Int(slot)] = Int32(count)
      refCounts[Int(slot)] = 1
      previous[Int(slot)] = -1
      next[Int(slot)] = -1
    } else {
      slot = Int32(keys.count)
      keys.append(key)
      blocks.append(Int32(count))
      refCounts.append(1)
      previous.append(-1)
      next.append(-1)
    }
    index.insert(key, slot)
    pinnedBlocks += count
    return slot
  }

  /// Drops a reference; an entry nobody uses becomes the most recently used evictable one.
  mutating func release(_ entry: Int32) {
    let e = Int(entry)
    refCounts[e] -= 1
    if refCounts[e] == 0 {
      pinnedBlocks -= Int(blocks[e])
      unpinnedBlocks += Int(blocks[e])
      previous[e] = lruTail
      next[e] = -1
      if lruTail >= 0 { next[Int(lruTail)] = entry } else { lruHead = entry }
      lruTail = entry
    }
  }

  /// Evicts the least recently used unpinned entry; returns its block count (0 if none).
  mutating func evictLeastRecentlyUsed() -> Int {
    guard lruHead >= 0 else { return 0 }
    let entry = lruHead
    let e = Int(entry)
    unlink(entry)
    let count = Int(blocks[e])
    unpinnedBlocks -= count
    index.remove(keys[e])
    freeSlots.append(entry)
    return count
  }

  /// Forgets everything (the pod was lost).
  mutating func removeAll() {
    self = ReferencePrefixCache()
  }

  private mutating func unlink(_ entry: Int32) {
    let e = Int(entry)
    let p = previous[e]
    let n = next[e]
    if p >= 0 { next[Int(p)] = n } else { lruHead = n }
    if n >= 0 { previous[Int(n)] = p } else { lruTail = p }
    previous[e] = -1
    next[e] = -1
  }
}
