/// The keys with the largest totals of a stream in bounded memory: Space-Saving (Metwally,
/// Agrawal, El Abbadi 2005) with weighted updates. At most `capacity` keys are counted; a key
/// not among them takes the place of the one with the smallest total and inherits that total as
/// its possible overcount.
///
/// While no more than `capacity` distinct keys have been seen, every figure is exact. After that
/// each kept key's ranked total is an upper bound that exceeds the truth by at most its
/// `overcount`, itself at most the stream's total divided by `capacity`; every key whose true
/// total exceeds that is kept. The `other` total (tokens when ranking by requests, and the
/// reverse) counts only since the key was last admitted, so it is a lower bound when the
/// overcount is not 0. The minimum is found with a binary heap, so an update costs a dictionary
/// lookup and O(log capacity) moves, and the order of updates alone decides every result.
struct HeavyHitters: Sendable {
  /// One kept key.
  struct Counter: Sendable, Equatable {
    var key: String
    /// The ranked total (an upper bound once keys were replaced).
    var total: Int
    /// How much `total` may exceed the truth.
    var overcount: Int
    /// The other figure, since the key was admitted.
    var other: Int
  }

  /// Most keys counted.
  let capacity: Int
  private(set) var counters: [Counter] = []
  private var slots: [String: Int32] = [:]
  /// Counter slots ordered as a min-heap on `total`.
  private var heap: [Int32] = []
  /// Each slot's ranked total (a copy of `counters[slot].total`, compared without touching keys).
  private var totals: [Int] = []
  /// Each slot's position in `heap`.
  private var positions: [Int32] = []
  /// Whether a key was ever replaced (the figures are then estimates).
  private(set) var replaced = false
  /// Sum of all ranked weights seen.
  private(set) var streamTotal = 0

  init(capacity: Int) {
    self.capacity = max(1, capacity)
  }

  /// Adds `weight` to `key`'s ranked total and `other` to its other figure.
  mutating func add(_ key: String, weight: Int, other: Int) {
    streamTotal &+= weight
    if let slot = slots[key] {
      let s = Int(slot)
      counters[s].total &+= weight
      counters[s].other &+= other
      totals[s] = counters[s].total
      siftDown(Int(positions[s]))
      return
    }
    if counters.count < capacity {
      let slot = counters.count
      counters.append(Counter(key: key, total: weight, overcount: 0, other: other))
      totals.append(weight)
      slots[key] = Int32(slot)
      positions.append(Int32(heap.count))
      heap.append(Int32(slot))
      siftUp(heap.count - 1)
      return
    }
    replaced = true
    let s = Int(heap[0])
    slots[counters[s].key] = nil
    let floor = counters[s].total
    counters[s] = Counter(key: key, total: floor &+ weight, overcount: floor, other: other)
    totals[s] = floor &+ weight
    slots[key] = Int32(s)
    siftDown(0)
  }

  /// The largest possible overcount of any kept key.
  var maximumOvercount: Int { replaced ? (heap.first.map { totals[Int($0)] } ?? 0) : 0 }

  /// Heap order on totals alone: the order of updates fixes which of equal totals goes first.
  @inline(__always) private func less(_ a: Int, _ b: Int) -> Bool {
    totals[Int(heap[a])] < totals[Int(heap[b])]
  }

  private mutating func swapAt(_ a: Int, _ b: Int) {
    heap.swapAt(a, b)
    positions[Int(heap[a])] = Int32(a)
    positions[Int(heap[b])] = Int32(b)
  }

  private mutating func siftUp(_ index: Int) {
    var i = index
    while i > 0 {
      let parent = (i - 1) / 2
      guard less(i, parent) else { return }
      swapAt(i, parent)
      i = parent
    }
  }

  private mutating func siftDown(_ index: Int) {
    var i = index
    while true {
      let left = 2 * i + 1
      guard left < heap.count else { return }
      let right = left + 1
      let child = right < heap.count && less(right, left) ? right : left
      guard less(child, i) else { return }
      swapAt(i, child)
      i = child
    }
  }
}
