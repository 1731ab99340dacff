/// A router's approximate record of which prefix blocks each pod holds, built from its own
/// routing history (what SGLang's tree, Dynamo's approximate mode and production-stack's
/// trie keep), with per-pod LRU eviction.
///
/// Block ids are chained, so one id stands for its whole prefix and a flat map replaces the
/// tree: `block -> set of pods` (a bitset in a slot pool) answers "which pods hold the
/// first `k` blocks" with one lookup per block. Per pod, a last-use map and a FIFO of
/// `(block, stamp)` entries give LRU order; an entry whose stamp is no longer the block's
/// last use is stale and skipped. Blocks of one insert are queued deepest first, so within
/// one use the leaves go before their ancestors, as SGLang evicts leaves.
struct ApproximatePrefixIndex: Sendable {
  /// Blocks a pod may hold before LRU eviction; `Int.max` keeps everything.
  let blocksPerPod: Int
  private var wordsPerSet = 1
  private var slotOf = BlockIDMap<Int32>(placeholder: -1)
  /// Owner bitsets, `wordsPerSet` words per slot.
  private var ownerWords: [UInt64] = []
  private var freeSlots: [Int32] = []
  private var pods: [PodBlocks] = []
  private var clock: UInt64 = 0
  /// Scratch bitset for `leadingHits`, kept to avoid an allocation per request.
  private var active: [UInt64] = [0]

  private struct PodBlocks: Sendable {
    var count = 0
    var lastUse = BlockIDMap<UInt64>(placeholder: 0)
    var queue: [QueueEntry] = []
    var head = 0
  }

  private struct QueueEntry: Sendable {
    var block: UInt64
    var stamp: UInt64
  }

  init(blocksPerPod: Int) {
    precondition(blocksPerPod >= 1, "ApproximatePrefixIndex: a pod must hold at least one block")
    self.blocksPerPod = blocksPerPod
  }

  private var isBounded: Bool { blocksPerPod != Int.max }

  /// Blocks the index believes `pod` holds (SGLang's tenant size, Dynamo's tree size).
  func cachedBlocks(of pod: Int) -> Int {
    pod < pods.count ? pods[pod].count : 0
  }

  /// Makes room for pods `0..<count`.
  mutating func ensure(podCount count: Int) {
    if count > pods.count {
      pods.append(contentsOf: repeatElement(PodBlocks(), count: count - pods.count))
    }
    let needed = max(1, (count + 63) / 64)
    guard needed > wordsPerSet else { return }
    let slots = ownerWords.count / wordsPerSet
    var widened = [UInt64](repeating: 0, count: slots * needed)
    for slot in 0..<slots {
      for word in 0..<wordsPerSet {
        widened[slot * needed + word] = ownerWords[slot * wordsPerSet + word]
      }
    }
    ownerWords = widened
    wordsPerSet = needed
    active = [UInt64](repeating: 0, count: needed)
  }

  /// Sets `hits[p]` to the number of leading blocks of `blocks` that pod `p` holds
  /// consecutively from block 0, for every pod `0..<podCount`.
  mutating func leadingHits(_ blocks: [UInt64], podCount: Int, into hits: inout [Int]) {
    ensure(podCount: podCount)
    hits.removeAll(keepingCapacity: true)
    hits.append(contentsOf: repeatElement(0, count: podCount))
    guard podCount > 0 else { return }
    for word in 0..<wordsPerSet {
      let podsBelow = podCount - word * 64
      active[word] = podsBelow >= 64 ? ~0 : podsBelow <= 0 ? 0 : (1 << UInt64(podsBelow)) - 1
    }
    var depth = 0
    for block in blocks {
      guard let slot = slotOf[block] else { break }
      let base = Int(slot) * wordsPerSet
      var anyLeft = false
      for word in 0..<wordsPerSet {
        let still = active[word] & ownerWords[base + word]
        // Pods dropping out here matched exactly `depth` blocks.
        Self.assign(depth, toBits: active[word] & ~still, word: word, in: &hits)
        active[word] = still
        anyLeft = anyLeft || still != 0
      }
      depth += 1
      if !anyLeft { return }
    }
    for word in 0..<wordsPerSet {
      Self.assign(depth, toBits: active[word], word: word, in: &hits)
    }
  }

  private static func assign(_ value: Int, toBits bits: UInt64, word: Int, in hits: inout [Int]) {
    var remaining = bits
    while remaining != 0 {
      hits[word * 64 + remaining.trailingZeroBitCount] = value
      remaining &= remaining &- 1
    }
  }

  /// Records that `pod` now holds `blocks` (the request was routed there), then evicts its
  /// least recently used blocks beyond `blocksPerPod`.
  mutating func insert(_ blocks: [UInt64], on pod: Int) {
    guard !blocks.isEmpty else { return }
    ensure(podCount: pod + 1)
    clock &+= 1
    let word = pod / 64
    let bit: UInt64 = 1 << UInt64(pod % 64)
    for block in blocks {
      let slot = slotOf[block] ?? allocateSlot(for: block)
      let index = Int(slot) * wordsPerSet + word
      if ownerWords[index] & bit == 0 {
        ownerWords[index] |= bit
        pods[pod].count += 1
      }
      if isBounded { pods[pod].lastUse[block] = clock }
    }
    guard isBounded else { return }
    for block in blocks.reversed() {
      pods[pod].queue.append(QueueEntry(block: block, stamp: clock))
    }
    evictBeyondCapacity(pod: pod)
    compactQueueIfStale(pod: pod)
  }

  private mutating func allocateSlot(for block: UInt64) -> Int32 {
    let slot: Int32
    if let reused = freeSlots.popLast() {
      slot = reused
    } else {
      slot = Int32(ownerWords.count / wordsPerSet)
      ownerWords.append(contentsOf: repeatElement(0, count: wordsPerSet))
    }
    slotOf[block] = slot
    return slot
  }

  private mutating func evictBeyondCapacity(pod: Int) {
    let word = pod / 64
    let bit: UInt64 = 1 << UInt64(pod % 64)
    while pods[pod].count > blocksPerPod, pods[pod].head < pods[pod].queue.count {
      let entry = pods[pod].queue[pods[pod].head]
      pods[pod].head += 1
      guard pods[pod].lastUse[entry.block] == entry.stamp else { continue }
      pods[pod].lastUse[entry.block] = nil
      pods[pod].count -= 1
      guard let slot = slotOf[entry.block] else { continue }
      let base = Int(slot) * wordsPerSet
      ownerWords[base + word] &= ~bit
      if !(0..<wordsPerSet).contains(where: { ownerWords[base + $0] != 0 }) {
        slotOf[entry.block] = nil
        freeSlots.append(slot)
      }
    }
  }

  /// Drops consumed and stale queue entries once they outnumber the live ones, keeping the
  /// queue within a constant factor of the pod's block count.
  private mutating func compactQueueIfStale(pod: Int) {
    let pending = pods[pod].queue.count - pods[pod].head
    guard pending > 2 * pods[pod].count + 1024 else {
      if pods[pod].head > 1024 && pods[pod].head * 2 > pods[pod].queue.count {
        pods[pod].queue.removeFirst(pods[pod].head)
        pods[pod].head = 0
      }
      return
    }
    var cache = pods[pod]
    cache.queue = cache.queue[cache.head...].filter { cache.lastUse[$0.block] == $0.stamp }
    cache.head = 0
    pods[pod] = cache
  }
}
