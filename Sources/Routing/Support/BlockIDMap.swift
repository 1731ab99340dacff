/// A hash map from 64-bit block ids to small plain values, with open addressing and linear
/// probing: the routers' prefix indexes do several lookups per prompt block, and with
/// `Dictionary` hashing each id through SipHash took about a third of a prefix-aware or
/// mu-subset replay (`perf`, 1 M requests). Ids are mixed by one multiplication (Fibonacci
/// hashing), enough for chained block hashes and for the small sequential ids of tests; the
/// map is not exposed to input an attacker chooses beyond what the log's own hashes are.
///
/// Removal shifts the following entries of the probe run back, so there are no tombstones and
/// lookups never slow down with churn. Iteration order is never used, so none is promised.
struct BlockIDMap<Value: BitwiseCopyable & Sendable>: Sendable {
  private var keys: [UInt64]
  private var values: [Value]
  private var used: [Bool]
  private var mask: Int
  private var shift: UInt64
  private let placeholder: Value
  /// Entries stored.
  private(set) var count = 0

  /// An empty map; `placeholder` fills the free slots' values and is never returned.
  init(placeholder: Value, minimumCapacity: Int = 16) {
    var slots = 16
    while slots * 3 < minimumCapacity * 4 { slots *= 2 }
    self.init(placeholder: placeholder, slots: slots)
  }

  /// An empty map of exactly `slots` slots (a power of two).
  private init(placeholder: Value, slots: Int) {
    keys = Array(repeating: 0, count: slots)
    values = Array(repeating: placeholder, count: slots)
    used = Array(repeating: false, count: slots)
    mask = slots - 1
    shift = UInt64(64 - slots.trailingZeroBitCount)
    self.placeholder = placeholder
  }

  @inline(__always) private func home(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The slot holding `key`, or the free slot where it would go.
  @inline(__always) private func probe(_ key: UInt64) -> (index: Int, found: Bool) {
    var index = home(key)
    while used[index] {
      if keys[index] == key { return (index, true) }
      index = (index + 1) & mask
    }
    return (index, false)
  }

  subscript(key: UInt64) -> Value? {
    get {
      let (index, found) = probe(key)
      return found ? values[index] : nil
    }
    set {
      if let newValue {
        set(key, newValue)
      } else {
        remove(key)
      }
    }
  }

  /// Stores `value` under `key`, replacing any value there.
  mutating func set(_ key: UInt64, _ value: Value) {
    var (index, found) = probe(key)
    if found {
      values[index] = value
      return
    }
    // Grow at three quarters full, as `Dictionary` does: probe runs stay short enough, and the
    // routers' indexes (32,768 blocks a pod by default) take no more memory than before.
    if (count + 1) * 4 > keys.count * 3 {
      grow()
      index = probe(key).index
    }
    occupy(index, key, value)
  }

  private mutating func occupy(_ index: Int, _ key: UInt64, _ value: Value) {
    keys[index] = key
    values[index] = value
    used[index] = true
    count += 1
  }

  /// Removes `key` if present.
  mutating func remove(_ key: UInt64) {
    let (index, found) = probe(key)
    guard found else { return }
    var hole = index
    var next = hole
    while true {
      next = (next + 1) & mask
      guard used[next] else { break }
      let wanted = home(keys[next])
      // The entry at `next` may move into the hole unless its home lies cyclically in (hole, next].
      let staysPut = hole <= next ? (hole < wanted && wanted <= next) : (hole < wanted || wanted <= next)
      if staysPut { continue }
      keys[hole] = keys[next]
      values[hole] = values[next]
      hole = next
    }
    used[hole] = false
    values[hole] = placeholder
    count -= 1
  }

  private mutating func grow() {
    var bigger = BlockIDMap(placeholder: placeholder, slots: keys.count * 2)
    for index in keys.indices where used[index] {
      bigger.occupy(bigger.probe(keys[index]).index, keys[index], values[index])
    }
    self = bigger
  }
}
