/// Distinct items of a stream in bounded memory: adaptive distinct sampling (Wegman's adaptive
/// sampling, Gibbons' distinct sampling). An item, given as a well-mixed 64-bit hash, is kept
/// when its top `level` bits are zero, so whether it is kept depends on the item alone and every
/// occurrence of a kept item is seen; when more than `capacity` items are kept, the level rises
/// and half of them (in expectation) are dropped.
///
/// At level 0 every item is kept and the figures are exact (up to 64-bit hash collisions). Above
/// it, the number of distinct items and the sum of a weight given at each item's first
/// occurrence are the kept ones' scaled by `2^level`: unbiased, with a relative standard error of
/// about `1/sqrt(kept)` (for weights, `1/sqrt` of the effective sample size `(Σw)²/Σw²`), and
/// `kept` stays above `capacity/2` in expectation once sampling starts.
struct DistinctSample: Sendable {
  /// What `insert` learned about an item.
  enum Outcome: Equatable {
    /// Its hash is outside the sample: nothing is known about it.
    case unsampled
    /// It was seen before.
    case repeated
    /// This is its first occurrence.
    case first
  }

  /// Most items kept.
  let capacity: Int
  /// Items are kept when their hash's top `level` bits are zero.
  private(set) var level = 0
  /// Items kept.
  private(set) var kept = 0
  /// Sum of the kept items' first-occurrence weights.
  private(set) var keptWeight = 0
  /// Sum of their squares (for the error of the weighted estimate).
  private var keptWeightSquares = 0.0
  /// Open addressing, at most half full: it doubles with the items kept, up to twice `capacity`
  /// slots (small logs stay small), and never grows past that.
  private var keys: [UInt64]
  /// Each slot's weight, or -1 when the slot is empty.
  private var weights: [Int32]
  private var mask: Int

  /// An empty sample keeping at most `capacity` items (rounded up to a power of two, at least 16).
  init(capacity: Int) {
    var size = 16
    while size < capacity { size <<= 1 }
    self.capacity = size
    keys = Array(repeating: 0, count: 32)
    weights = Array(repeating: -1, count: 32)
    mask = 31
  }

  /// Slots of the table: at most twice the capacity, whatever the stream.
  var tableSize: Int { keys.count }

  /// Whether the figures are exact (nothing was ever dropped).
  var isExact: Bool { level == 0 }

  /// Notes an occurrence of the item hashed to `hash`; `weight` counts toward the weighted sum
  /// only when this is the item's first occurrence.
  @inline(__always) mutating func insert(_ hash: UInt64, weight: Int = 0) -> Outcome {
    if level > 0 && hash.leadingZeroBitCount < level { return .unsampled }
    var i = Int(truncatingIfNeeded: hash) & mask
    while weights[i] >= 0 {
      if keys[i] == hash { return .repeated }
      i = (i + 1) & mask
    }
    keys[i] = hash
    weights[i] = Int32(clamping: weight)
    kept += 1
    keptWeight += Int(weights[i])
    keptWeightSquares += Double(weights[i]) * Double(weights[i])
    if kept > capacity {
      raiseLevel()
    } else if kept * 2 > keys.count {
      rebuild(size: keys.count * 2)
    }
    return .first
  }

  /// Drops the items outside the next level's sample until at most `capacity` remain.
  private mutating func raiseLevel() {
    while kept > capacity && level < 64 {
      level += 1
      rebuild(size: keys.count)
    }
  }

  /// Rehashes the items the current level keeps into a table of `size` slots.
  private mutating func rebuild(size: Int) {
    let oldKeys = keys
    let oldWeights = weights
    keys = Array(repeating: 0, count: size)
    weights = Array(repeating: -1, count: size)
    mask = size - 1
    kept = 0
    keptWeight = 0
    keptWeightSquares = 0
    for i in oldKeys.indices where oldWeights[i] >= 0 && oldKeys[i].leadingZeroBitCount >= level {
      var j = Int(truncatingIfNeeded: oldKeys[i]) & mask
      while weights[j] >= 0 { j = (j + 1) & mask }
      keys[j] = oldKeys[i]
      weights[j] = oldWeights[i]
      kept += 1
      keptWeight += Int(oldWeights[i])
      keptWeightSquares += Double(oldWeights[i]) * Double(oldWeights[i])
    }
  }

  /// Distinct items (estimated above level 0).
  var distinct: Int { kept << level }

  /// Sum of first-occurrence weights (estimated above level 0).
  var firstWeight: Int { keptWeight << level }

  /// Three relative standard errors of `distinct`; 0 when exact.
  var distinctError: Double { level == 0 ? 0 : 3 / Double(kept).squareRoot() }

  /// Three relative standard errors of `firstWeight`; 0 when exact.
  var firstWeightError: Double {
    guard level > 0 else { return 0 }
    guard keptWeight > 0 else { return 1 }
    let effective = Double(keptWeight) * Double(keptWeight) / keptWeightSquares
    return 3 / effective.squareRoot()
  }

  /// A bijective mix of a raw 64-bit id (the SplitMix64 finaliser), so that ids chosen by people
  /// (1, 2, 3...) spread over the sample's bits and distinct ids stay distinct.
  @inline(__always) static func mix(_ id: UInt64) -> UInt64 {
    var z = id &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
