@testable import Fleet
import SimCore
import Testing

/// The span-based `PrefixCache` against the per-block `ReferencePrefixCache` it replaced, both
/// driven the way a pod drives its cache: requests match their longest cached prefix and pin it,
/// allocate private blocks (evicting), publish their computed entries chunk by chunk and release
/// everything when they finish or are preempted. Every observable must agree after every step.
@Suite struct PrefixCacheReferenceTests {
  /// A seeded forest of chains: request prompts share prefixes of random lengths (a system
  /// prompt, then a session's turns, then divergent branches), with 1-3 blocks per entry.
  struct Workload {
    var chains: [[PrefixCache.Entry]] = []

    init(seed: UInt64, chains count: Int, maxLength: Int) {
      var random = SplitMix64(seed: seed)
      for _ in 0..<count {
        var chain: [PrefixCache.Entry] = []
        if !chains.isEmpty && random.next() % 4 != 0 {
          let parent = chains[Int(random.next() % UInt64(chains.count))]
          chain = Array(parent.prefix(Int(random.next() % UInt64(parent.count + 1))))
        }
        let length = 1 + Int(random.next() % UInt64(maxLength))
        var previous = chain.last?.key ?? 0x5EED
        while chain.count < length {
          previous = StableHash.combine(previous, random.next())
          chain.append(PrefixCache.Entry(key: previous, blocks: Int32(1 + previous % 3)))
        }
        chains.append(chain)
      }
    }
  }

  /// A request as the simulated pod sees it: its chain, entries published, private blocks.
  struct Request {
    var chain: [PrefixCache.Entry]
    var shared = 0
    var privateBlocks = 0
    var referenceHeld: [Int32] = []
    var held: Int32 = -1
  }

  /// Both caches and the pod-side accounting that decides what happens next.
  struct Harness {
    var reference = ReferencePrefixCache()
    var cache: PrefixCache
    let capacity: Int
    var privateBlocks = 0
    var running: [Request] = []
    var evictedBlocks = 0
    var evictedEntries = 0
    var hits = 0

    init(capacity: Int) {
      self.capacity = capacity
      cache = PrefixCache(capacityBlocks: capacity)
    }

    var used: Int { privateBlocks + cache.pinnedBlocks }

    /// Matches and, when it fits, admits a request; returns whether it was admitted.
    mutating func admit(_ chain: [PrefixCache.Entry]) -> Bool {
      var referenceHits: [Int32] = []
      var referenceCost = 0
      for entry in chain {
        guard let slot = reference.lookup(entry.key) else { break }
        referenceHits.append(slot)
        referenceCost += reference.unpinnedCost(slot)
      }
      var match = PrefixCache.Match()
      var matched = 0
      while matched < chain.count && cache.extend(&match, key: chain[matched].key) { matched += 1 }
      #expect(matched == referenceHits.count, "longest cached prefix")
      let probed = cache.longestMatch(count: chain.count) { chain[$0].key }
      #expect(probed.entries == matched && probed.match.node == match.node, "probing matches walking")
      #expect(probed.match.length == match.length && probed.match.pinCost == match.pinCost, "probing matches walking")
      #expect(match.pinCost == referenceCost, "blocks the pin takes from the evictable pool")
      var request = Request(chain: chain, shared: matched)
      for entry in chain[matched...] { request.privateBlocks += Int(entry.blocks) }
      guard capacity - used >= match.pinCost + request.privateBlocks else { return false }
      for slot in referenceHits { reference.pin(slot) }
      request.referenceHeld = referenceHits
      request.held = cache.pin(match)
      hits += matched
      allocate(request.privateBlocks)
      running.append(request)
      return true
    }

    /// Publishes up to `count` more computed entries of running request `index`.
    mutating func publish(_ index: Int, count: Int) {
      var request = running[index]
      var growth = PrefixCache.Extension(held: request.held)
      let end = min(request.chain.count, request.shared + count)
      for entry in request.chain[request.shared..<end] {
        if let existing = reference.lookup(entry.key) {
          reference.pin(existing)
          request.referenceHeld.append(existing)
        } else {
          request.referenceHeld.append(reference.insert(entry.key, blocks: Int(entry.blocks)))
        }
        #expect(cache.register(&growth, key: entry.key, blocks: Int(entry.blocks)))
        request.privateBlocks -= Int(entry.blocks)
        privateBlocks -= Int(entry.blocks)
      }
      request.held = cache.finish(growth)
      request.shared = end
      running[index] = request
    }

    /// Finishes (or preempts) running request `index`.
    mutating func release(_ index: Int) {
      let request = running.remove(at: index)
      privateBlocks -= request.privateBlocks
      for slot in request.referenceHeld.reversed() { reference.release(slot) }
      cache.release(request.held)
    }

    mutating func allocate(_ count: Int) {
      var free = capacity - used - reference.unpinnedBlocks
      var referenceBlocks = 0
      var referenceEntries = 0
      while free < count {
        let freed = reference.evictLeastRecentlyUsed()
        #expect(freed > 0)
        guard freed > 0 else { break }
        referenceBlocks += freed
        referenceEntries += 1
        free += freed
      }
      let needed = count - (capacity - used - cache.unpinnedBlocks)
      let evicted = cache.evict(atLeast: needed)
      #expect(evicted.blocks == referenceBlocks && evicted.entries == referenceEntries, "eviction")
      evictedBlocks += evicted.blocks
      evictedEntries += evicted.entries
      privateBlocks += count
    }

    func check() {
      #expect(cache.pinnedBlocks == reference.pinnedBlocks)
      #expect(cache.unpinnedBlocks == reference.unpinnedBlocks)
      #expect(cache.entryCount == reference.entryCount)
      let recount = cache.recount()
      #expect(recount.pinned == cache.pinnedBlocks && recount.unpinned == cache.unpinnedBlocks)
      #expect(recount.entries == cache.entryCount)
    }
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func randomWorkloadsMatchTheReference(seed: UInt64) {
    let workload = Workload(seed: seed, chains: 300, maxLength: 40)
    var random = SplitMix64(seed: seed &* 7919)
    var harness = Harness(capacity: 150 + Int(seed) * 40)
    for _ in 0..<4_000 {
      let roll = random.next() % 10
      if roll < 4 || harness.running.isEmpty {
        _ = harness.admit(workload.chains[Int(random.next() % UInt64(workload.chains.count))])
      } else if roll < 8 {
        harness.publish(Int(random.next() % UInt64(harness.running.count)), count: 1 + Int(random.next() % 12))
      } else {
        harness.release(Int(random.next() % UInt64(harness.running.count)))
      }
      harness.check()
    }
    while !harness.running.isEmpty { harness.release(harness.running.count - 1) }
    harness.check()
    #expect(harness.cache.pinnedBlocks == 0)
    // The workload must reach what the comparison protects: hits, splits and evictions.
    #expect(harness.hits > 0 && harness.evictedEntries > 0)
  }

  /// Hand-computed: a chain cached by one request, half of it matched by another (a split),
  /// then evicted tail first, entry by entry.
  @Test func partialMatchSplitsAndEvictionTakesTheTail() {
    var cache = PrefixCache(capacityBlocks: 100)
    let keys: [UInt64] = [11, 12, 13, 14]
    var growth = PrefixCache.Extension(held: -1)
    for key in keys { #expect(cache.register(&growth, key: key, blocks: 2)) }
    let first = cache.finish(growth)
    #expect(cache.pinnedBlocks == 8 && cache.entryCount == 4)
    cache.release(first)
    #expect(cache.unpinnedBlocks == 8)
    var match = PrefixCache.Match()
    #expect(cache.extend(&match, key: 11))
    #expect(cache.extend(&match, key: 12))
    #expect(!cache.extend(&match, key: 99))
    #expect(match.pinCost == 4)
    let second = cache.pin(match)
    #expect(cache.pinnedBlocks == 4 && cache.unpinnedBlocks == 4)
    // Only entries 13 and 14 are evictable: 14 goes first, and 3 blocks need both.
    #expect(cache.evict(atLeast: 1) == (2, 1))
    #expect(cache.evict(atLeast: 3) == (2, 1))
    #expect(cache.evict(atLeast: 1) == (0, 0))
    cache.release(second)
    var again = PrefixCache.Match()
    for key in keys where cache.extend(&again, key: key) {}
    #expect(again.length == 2 && again.pinCost == 4)
  }
}
