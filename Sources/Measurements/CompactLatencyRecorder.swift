/// A latency recorder for one tenant among possibly hundreds of thousands.
///
/// `LatencyRecorder`'s HDR histogram costs about 230 KB whatever it holds, which is 950 MB for
/// 4,096 tenants. This one keeps only the HDR buckets it has seen (6 bytes each), so it answers
/// exactly what `LatencyRecorder` would, in memory that follows the tenant's spread of values.
/// A recorder that reaches `sparseLimit` buckets either becomes a full `LatencyRecorder` (when
/// the caller allows it: the first tenants of the log) or halves its resolution, so that a
/// tenant never costs more than about 1.5 KB. docs/reports.md states the precision.
public struct CompactLatencyRecorder: Sendable {
  /// HDR buckets (indices shifted right by `shift`) with a count each, ascending.
  private var groups: [UInt16] = []
  private var counts: [UInt32] = []
  /// Resolution given up: each group spans `2^shift` HDR buckets.
  public private(set) var shift = 0
  /// The full histogram once the recorder has grown one: an array of at most one, so that a
  /// sparse recorder costs 8 bytes for it rather than the histogram's inline fields.
  private var dense: [LatencyRecorder] = []
  /// Values recorded before the recorder grew dense (`recorded` counts them all).
  private var count = 0
  private var sumMicros: Double = 0
  private var minNonZeroMicros = UInt64.max
  private var maxMicros: UInt64 = 0
  private var recordedZero = false
  private var sparseClamped = 0

  /// Buckets kept before the recorder grows dense or coarsens.
  public static let sparseLimit = 256

  public init() {}

  /// A recorder holding `full`'s values (a merge of several tenants, say).
  public init(_ full: LatencyRecorder) { dense = [full] }

  /// Number of recorded values, whichever form holds them.
  public var recorded: Int { dense.first?.count ?? count }

  /// Whether the recorder keeps the full-resolution answers of `LatencyRecorder`.
  public var isExact: Bool { shift == 0 }

  /// Records one latency in nanoseconds; `mayGrowDense` lets a busy recorder become a full
  /// histogram instead of coarsening.
  public mutating func record(nanoseconds: Int64, mayGrowDense: Bool = true) {
    if !dense.isEmpty {
      dense[0].record(nanoseconds: nanoseconds)
      return
    }
    var micros = UInt64(max(0, nanoseconds) / 1_000)
    if micros > LatencyRecorder.maxMicros {
      sparseClamped += 1
      micros = LatencyRecorder.maxMicros
    }
    count += 1
    sumMicros += Double(micros)
    maxMicros = max(maxMicros, micros)
    if micros == 0 { recordedZero = true } else { minNonZeroMicros = min(minNonZeroMicros, micros) }
    add(group: HDRLayout.index(of: micros) >> shift, count: 1)
    guard groups.count > Self.sparseLimit else { return }
    if mayGrowDense {
      dense = [LatencyRecorder(exactly: self)]
      groups = []
      counts = []
    } else {
      while groups.count > Self.sparseLimit / 2 { coarsen() }
    }
  }

  private mutating func add(group: Int, count added: UInt32) {
    let key = UInt16(group)
    var low = 0
    var high = groups.count
    while low < high {
      let mid = (low + high) / 2
      if groups[mid] < key { low = mid + 1 } else { high = mid }
    }
    if low < groups.count && groups[low] == key {
      // Four billion values of one tenant in one bucket is beyond any replay; saturate rather than trap.
      counts[low] = counts[low].addingReportingOverflow(added).overflow ? .max : counts[low] + added
    } else {
      groups.insert(key, at: low)
      counts.insert(added, at: low)
    }
  }

  /// Merges neighbouring buckets in pairs: half the resolution, about half the memory.
  private mutating func coarsen() {
    let old = zip(groups, counts)
    groups = []
    counts = []
    shift += 1
    for (group, n) in old { add(group: Int(group) >> 1, count: n) }
  }

  private var minMicros: UInt64 { recordedZero ? 0 : minNonZeroMicros }

  /// The value at `percentile` (0...100) in milliseconds, 0 when empty; `LatencyRecorder`'s
  /// answer while `isExact`.
  public func percentileMillis(_ percentile: Double) -> Double {
    if let dense = dense.first { return dense.percentileMillis(percentile) }
    guard count > 0 else { return 0 }
    guard percentile != 0 else { return Double(minMicros) / 1_000 }
    guard percentile < 100 else { return Double(maxMicros) / 1_000 }
    // The same rounding as the HDR histogram's valueAtPercentile, so that answers match exactly.
    let requested = min(max(percentile.nextDown, 0), 100)
    let wanted = max(1, UInt64((requested * Double(count) / 100).rounded(.up)))
    var seen: UInt64 = 0
    for (group, n) in zip(groups, counts) {
      seen += UInt64(n)
      guard seen >= wanted else { continue }
      let lastIndex = ((Int(group) + 1) << shift) - 1
      let value = HDRLayout.highestEquivalent(ofIndex: lastIndex)
      return Double(max(min(value, maxMicros), minMicros)) / 1_000
    }
    return 0
  }

  /// Mean in milliseconds; 0 when empty.
  public var meanMillis: Double {
    if let dense = dense.first { return dense.meanMillis }
    return count > 0 ? sumMicros / Double(count) / 1_000 : 0
  }

  /// Values above `LatencyRecorder.maxMicros`, clamped like there.
  public var clamped: Int { dense.first?.clamped ?? sparseClamped }

  /// Whether the recorder has grown a full histogram.
  public var isDense: Bool { !dense.isEmpty }

  /// The buckets (groups of `2^shift` HDR indices), their counts and the exact extremes, or the
  /// full histogram, for `LatencyRecorder.add(_:)`.
  var contents:
    (
      buckets: Zip2Sequence<[Int], [UInt32]>, shift: Int, sumMicros: Double, minNonZero: UInt64, max: UInt64,
      clamped: Int, dense: LatencyRecorder?
    )
  {
    (zip(groups.map(Int.init), counts), shift, sumMicros, minNonZeroMicros, maxMicros, sparseClamped, dense.first)
  }
}

/// The bucket layout of `LatencyRecorder`'s histogram (three significant digits, unit 1 us):
/// 2,048 sub-buckets per power of two, the upper half of each used above bucket 0.
enum HDRLayout {
  static let subBucketHalfCountMagnitude = 10
  static let subBucketHalfCount = 1 << subBucketHalfCountMagnitude
  static let subBucketMask: UInt64 = (1 << (subBucketHalfCountMagnitude + 1)) - 1

  static func bucket(of value: UInt64) -> Int {
    53 - (value | subBucketMask).leadingZeroBitCount
  }

  /// The histogram's counts index of `value`.
  static func index(of value: UInt64) -> Int {
    let bucket = bucket(of: value)
    let subBucket = Int(value >> bucket)
    return ((bucket + 1) << subBucketHalfCountMagnitude) + subBucket - subBucketHalfCount
  }

  /// The lowest value counted at `index`.
  static func lowestValue(ofIndex index: Int) -> UInt64 {
    var bucket = (index >> subBucketHalfCountMagnitude) - 1
    var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
    if bucket < 0 {
      subBucket -= subBucketHalfCount
      bucket = 0
    }
    return UInt64(subBucket) << bucket
  }

  /// The highest value counted at `index`.
  static func highestEquivalent(ofIndex index: Int) -> UInt64 {
    let lowest = lowestValue(ofIndex: index)
    return lowest + (UInt64(1) << bucket(of: lowest)) - 1
  }
}
