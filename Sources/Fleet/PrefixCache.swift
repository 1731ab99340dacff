/// The pod's prefix cache: a radix tree whose nodes are spans of consecutive prefix entries
/// (chained prefix ids, each covering a run of KV blocks) that are pinned and released together,
/// as SGLang's RadixAttention keeps them.
///
/// It behaves exactly as a per-entry cache with reference counts and an LRU list of unused
/// entries, released deepest first (the reference kept in the tests): every request holds a
/// leading run of its chain, so all entries of a node share one reference count, and a node
/// that falls unused goes to the LRU tail as its entries would, deepest first. Eviction takes
/// entries from the tail of the least recently used node, which is always a leaf (a node is
/// released no earlier than its descendants), so each chain's cached part stays a prefix. A
/// request therefore costs a few node operations: a partial match splits a node, an extension by
/// the only holder appends to its node, and only a node's first key is in the hash index.
struct PrefixCache: Sendable {
  /// One prefix entry: its chained key and the pod blocks it covers.
  ///
  /// The key is stored as two 32-bit halves so that an entry packs into 12 bytes rather than 16:
  /// a pod with 16-token blocks caches tens of thousands of entries, and at 512 pods the
  /// entries are most of a replay's memory.
  struct Entry: Sendable {
    private var keyLow: UInt32
    private var keyHigh: UInt32
    var blocks: Int32

    @inline(__always) init(key: UInt64, blocks: Int32) {
      keyLow = UInt32(truncatingIfNeeded: key)
      keyHigh = UInt32(truncatingIfNeeded: key >> 32)
      self.blocks = blocks
    }

    @inline(__always) var key: UInt64 { UInt64(keyHigh) << 32 | UInt64(keyLow) }
  }

  /// A span of entries: pinned by `refCount` requests; while unused, a member of the LRU list.
  struct Node: Sendable {
    /// Entries in chain order; empty for a free node.
    var entries: [Entry]
    /// Pod blocks of all entries.
    var blocks: Int
    /// The node this one continues, or -1 at the root.
    var parent: Int32
    var refCount: Int32
    /// Nodes whose parent is this one.
    var children: Int32
    var previous: Int32 = -1
    var next: Int32 = -1
  }

  /// Where a request's longest cached prefix ends: `length` entries into `node` (-1: nothing).
  struct Match: Sendable {
    var node: Int32 = -1
    var length = 0
    /// Blocks that pinning the match would take out of the evictable pool.
    var pinCost = 0
  }

  /// A request publishing its computed entries: the deepest node it holds and an existing node
  /// whose first `pendingLength` entries it has matched but not yet pinned.
  struct Extension: Sendable {
    var held: Int32
    var pending: Int32 = -1
    var pendingLength = 0
  }

  private var nodes: [Node] = []
  private var freeNodes: [Int32] = []
  /// First key of every live node.
  private var starts: BlockIndex
  private var lruHead: Int32 = -1
  private var lruTail: Int32 = -1
  /// Blocks held by entries with reference count 0 (evictable).
  private(set) var unpinnedBlocks = 0
  /// Blocks held by entries in use.
  private(set) var pinnedBlocks = 0
  /// Number of live entries.
  private(set) var entryCount = 0

  /// An empty cache for a pod of `capacityBlocks` KV blocks. Every table grows with what the
  /// cache holds rather than being sized from the capacity up front: a replay of 512 pods would
  /// otherwise reserve for each what it may never fill (the index doubles, so growing costs a
  /// few rehashes per pod).
  init(capacityBlocks: Int = 64) {
    starts = BlockIndex(capacity: min(max(capacityBlocks, 8), 64))
  }

  /// Extends `match` by the request's next entry; false at the first entry not cached.
  @inline(__always) func extend(_ match: inout Match, key: UInt64) -> Bool {
    if match.node >= 0 {
      let n = Int(match.node)
      if match.length < nodes[n].entries.count {
        let entry = nodes[n].entries[match.length]
        guard entry.key == key else { return false }
        if nodes[n].refCount == 0 { match.pinCost += Int(entry.blocks) }
        match.length += 1
        return true
      }
    }
    guard let child = starts[key], nodes[Int(child)].parent == match.node else { return false }
    match.node = child
    match.length = 1
    if nodes[Int(child)].refCount == 0 { match.pinCost += Int(nodes[Int(child)].entries[0].blocks) }
    return true
  }

  /// The longest cached prefix of a request whose `count` entries have keys `key(0..<count)`,
  /// in a few probes per node rather than one step per entry: chained keys make the entries a
  /// request shares with a node a prefix of both, so the node's last shared entry decides, and
  /// a binary search finds where a partly shared node diverges. Same result as `extend` entry by
  /// entry whenever equal keys mean equal prefixes (the `PodRequest.prefixBlocks` contract).
  @inline(__always)
  func longestMatch(count: Int, key: (Int) -> UInt64) -> (match: Match, entries: Int) {
    var match = Match()
    var matched = 0
    var parent: Int32 = -1
    while matched < count {
      guard let child = starts[key(matched)], nodes[Int(child)].parent == parent else { break }
      let c = Int(child)
      let length = nodes[c].entries.count
      let available = min(length, count - matched)
      var shared = available
      if available > 1 && nodes[c].entries[available - 1].key != key(matched + available - 1) {
        // Entry 0 is shared and entry available-1 is not: bisect between them.
        var low = 0
        var high = available - 1
        while high - low > 1 {
          let middle = (low + high) / 2
          if nodes[c].entries[middle].key == key(matched + middle) { low = middle } else { high = middle }
        }
        shared = low + 1
      }
      if nodes[c].refCount == 0 {
        if shared == length {
          match.pinCost += nodes[c].blocks
        } else {
          for index in 0..<shared { match.pinCost += Int(nodes[c].entries[index].blocks) }
        }
      }
      match.node = child
      match.length = shared
      matched += shared
      if shared < length { break }
      parent = child
    }
    return (match, matched)
  }

  /// Takes a reference on every entry of `match`; returns the node the request now holds
  /// (splitting a partly matched node), or -1 when it matched nothing.
  mutating func pin(_ match: Match) -> Int32 {
    guard match.node >= 0 else { return -1 }
    let held = match.length < nodes[Int(match.node)].entries.count ? split(match.node, at: match.length) : match.node
    var cursor = held
    while cursor >= 0 {
      pinNode(cursor)
      cursor = nodes[Int(cursor)].parent
    }
    return held
  }

  /// Publishes the request's next entry after those it holds (pinning it if another request
  /// already did); false when the key already belongs to another chain (a 64-bit id collision),
  /// in which case the request keeps the blocks private.
  mutating func register(_ growth: inout Extension, key: UInt64, blocks: Int) -> Bool {
    if growth.pending >= 0 {
      let p = Int(growth.pending)
      if growth.pendingLength < nodes[p].entries.count && nodes[p].entries[growth.pendingLength].key == key {
        growth.pendingLength += 1
        return true
      }
      growth.held = commit(growth)
      growth.pending = -1
    }
    let entry = Entry(key: key, blocks: Int32(blocks))
    let h = Int(growth.held)
    if growth.held < 0 || nodes[h].children > 0 {
      // Another request may have published this entry already: it would be a child.
      if let existing = starts[key] {
        guard nodes[Int(existing)].parent == growth.held else { return false }
        growth.pending = existing
        growth.pendingLength = 1
        return true
      }
    } else if nodes[h].refCount == 1 {
      // Only this request holds its deepest node and nothing continues it: the entry joins it,
      // with no index probe (the one cache miss per block this design exists to avoid).
      nodes[h].entries.append(entry)
      nodes[h].blocks += blocks
      pinnedBlocks += blocks
      entryCount += 1
      return true
    } else if starts[key] != nil {
      return false
    }
    let node = newNode(Node(entries: [entry], blocks: blocks, parent: growth.held, refCount: 1, children: 0))
    if growth.held >= 0 { nodes[h].children += 1 }
    starts.insert(key, node)
    growth.held = node
    pinnedBlocks += blocks
    entryCount += 1
    return true
  }

  /// Ends a publication; returns the node the request now holds.
  mutating func finish(_ growth: Extension) -> Int32 {
    growth.pending >= 0 ? commit(growth) : growth.held
  }

  /// Drops a reference on the request's node and its ancestors; nodes nobody uses become the
  /// most recently used evictable ones, deepest first.
  mutating func release(_ held: Int32) {
    var cursor = held
    while cursor >= 0 {
      let c = Int(cursor)
      nodes[c].refCount -= 1
      if nodes[c].refCount == 0 {
        pinnedBlocks -= nodes[c].blocks
        unpinnedBlocks += nodes[c].blocks
        insertInLRU(cursor, after: lruTail)
        trimCapacity(c)
      }
      cursor = nodes[c].parent
    }
  }

  /// Evicts least recently used entries, deepest first, until at least `needed` blocks are free
  /// or nothing is evictable; returns the blocks and entries evicted.
  mutating func evict(atLeast needed: Int) -> (blocks: Int, entries: Int) {
    var blocks = 0
    var entries = 0
    while blocks < needed && lruHead >= 0 {
      let node = lruHead
      let n = Int(node)
      precondition(nodes[n].children == 0, "prefix cache: the least recently used node has descendants")
      let firstKey = nodes[n].entries[0].key
      if nodes[n].blocks <= needed - blocks {
        blocks += nodes[n].blocks
        entries += nodes[n].entries.count
      } else {
        // Entry by entry from the tail; the last one may still be needed (entries differ in size).
        while blocks < needed, let last = nodes[n].entries.popLast() {
          blocks += Int(last.blocks)
          nodes[n].blocks -= Int(last.blocks)
          entries += 1
        }
        if !nodes[n].entries.isEmpty {
          trimCapacity(n)
          continue
        }
      }
      removeNode(node, firstKey: firstKey)
    }
    unpinnedBlocks -= blocks
    entryCount -= entries
    return (blocks, entries)
  }

  /// Forgets everything (the pod was lost).
  mutating func removeAll() {
    self = PrefixCache(capacityBlocks: 64)
  }

  /// Pins the matched part of a pending node for the request extending into it.
  private mutating func commit(_ growth: Extension) -> Int32 {
    let p = growth.pending
    let node = growth.pendingLength < nodes[Int(p)].entries.count ? split(p, at: growth.pendingLength) : p
    pinNode(node)
    return node
  }

  private mutating func pinNode(_ node: Int32) {
    let n = Int(node)
    if nodes[n].refCount == 0 {
      unlink(node)
      unpinnedBlocks -= nodes[n].blocks
      pinnedBlocks += nodes[n].blocks
    }
    nodes[n].refCount += 1
  }

  /// Splits off the first `length` entries of `node` into a new parent node, which it returns;
  /// `node` keeps its id (so its children and holders stay valid) and its place in the LRU list,
  /// with the new node just after it (a node's entries are evicted deepest first).
  private mutating func split(_ node: Int32, at length: Int) -> Int32 {
    let n = Int(node)
    let head = Array(nodes[n].entries[0..<length])
    var headBlocks = 0
    for entry in head { headBlocks += Int(entry.blocks) }
    nodes[n].entries = Self.exactCopy(nodes[n].entries[length...])
    nodes[n].blocks -= headBlocks
    let parent = newNode(
      Node(entries: head, blocks: headBlocks, parent: nodes[n].parent, refCount: nodes[n].refCount, children: 1))
    nodes[n].parent = parent
    starts.insert(head[0].key, parent)
    starts.insert(nodes[n].entries[0].key, node)
    if nodes[n].refCount == 0 { insertInLRU(parent, after: node) }
    return parent
  }

  /// Gives an unused node's entries back the room that appends reserved (an array doubles as
  /// it grows, so up to half of it may be empty): an unused node only shrinks until a request
  /// pins it again, and a cache full of such nodes is most of a large fleet's memory. The copy
  /// costs what reading the request's block ids did.
  private mutating func trimCapacity(_ n: Int) {
    let count = nodes[n].entries.count
    if nodes[n].entries.capacity - count > max(2, count / 8) { nodes[n].entries = Self.exactCopy(nodes[n].entries[...]) }
  }

  /// The entries in a new array with no more room than the allocator rounds up to.
  private static func exactCopy(_ entries: ArraySlice<Entry>) -> [Entry] {
    var copy: [Entry] = []
    copy.reserveCapacity(entries.count)
    copy.append(contentsOf: entries)
    return copy
  }

  private mutating func newNode(_ node: Node) -> Int32 {
    if let reused = freeNodes.popLast() {
      nodes[Int(reused)] = node
      return reused
    }
    nodes.append(node)
    return Int32(nodes.count - 1)
  }

  private mutating func removeNode(_ node: Int32, firstKey: UInt64) {
    let n = Int(node)
    unlink(node)
    starts.remove(firstKey)
    let parent = nodes[n].parent
    if parent >= 0 { nodes[Int(parent)].children -= 1 }
    nodes[n].entries = []
    nodes[n].blocks = 0
    freeNodes.append(node)
  }

  private mutating func insertInLRU(_ node: Int32, after previous: Int32) {
    let n = Int(node)
    let next = previous >= 0 ? nodes[Int(previous)].next : lruHead
    nodes[n].previous = previous
    nodes[n].next = next
    if previous >= 0 { nodes[Int(previous)].next = node } else { lruHead = node }
    if next >= 0 { nodes[Int(next)].previous = node } else { lruTail = node }
  }

  private mutating func unlink(_ node: Int32) {
    let n = Int(node)
    let p = nodes[n].previous
    let x = nodes[n].next
    if p >= 0 { nodes[Int(p)].next = x } else { lruHead = x }
    if x >= 0 { nodes[Int(x)].previous = p } else { lruTail = p }
    nodes[n].previous = -1
    nodes[n].next = -1
  }

  /// Memory the cache holds beyond its live entries (tests of the memory bound): entry slots
  /// reserved but empty in live nodes, and the index's slots.
  var reservedFootprint: (spareEntries: Int, indexSlots: Int) {
    var spare = 0
    for node in nodes where !node.entries.isEmpty { spare += node.entries.capacity - node.entries.count }
    return (spare, starts.tableSize)
  }

  /// Recounts the pools from the nodes (debug checks and tests).
  func recount() -> (pinned: Int, unpinned: Int, entries: Int, lruLength: Int) {
    var pinned = 0
    var unpinned = 0
    var entries = 0
    for node in nodes where !node.entries.isEmpty {
      var blocks = 0
      for entry in node.entries { blocks += Int(entry.blocks) }
      precondition(blocks == node.blocks, "prefix cache: a node's block count drifted")
      if node.refCount > 0 { pinned += blocks } else { unpinned += blocks }
      entries += node.entries.count
    }
    var length = 0
    var cursor = lruHead
    while cursor >= 0 {
      length += 1
      cursor = nodes[Int(cursor)].next
    }
    return (pinned, unpinned, entries, length)
  }
}
