import Foundation
import SimCore

/// Per-slice load rates with an exponential half-life, plus a few top keys per slice: the
/// Slicelet accumulators and the Assigner's LoadWatcher folded into one, since the simulator
/// sees every request.
///
/// Each slice keeps a decayed load sum and a decayed observation time (the integral of the
/// decay over the time watched); their ratio is an unbiased rate for a steady load even shortly
/// after tracking starts. Dicer drops the load of slices a pod no longer holds and falls back
/// on the previous assignment's load; here `adopt` carries every old slice's rate over to the
/// new slices in proportion to key-range overlap, so history is never lost.
public struct SliceLoadTracker: Sendable {
  /// Half-life of the rates.
  public let halfLife: SimDuration
  /// Space-saving table size per slice.
  public let topKeysPerSlice: Int
  /// A key is reported only above this share of its slice's load (Dicer: 0.05).
  public var topKeySupport: Double = 0.05
  /// ... and above this share of the total load (Dicer: 0.01).
  public var topKeyMinimumFraction: Double = 0.01

  /// Low key of each tracked slice (the current assignment's slices).
  public private(set) var lows: [UInt64]
  var decayedLoad: [Double]
  var decayedSeconds: [Double]
  var lastUpdate: [Int64]
  /// Top-key tables, `topKeysPerSlice` slots per slice; `topUsed[i]` slots in use.
  var topKeys: [UInt64]
  var topCounts: [Double]
  var topErrors: [Double]
  var topUsed: [Int]

  /// A tracker for `assignment`'s slices with no history, starting at `start`.
  public init(assignment: Assignment, at start: SimInstant, halfLife: SimDuration = .seconds(120), topKeysPerSlice: Int = 8) {
    precondition(halfLife.nanoseconds > 0, "half-life must be positive")
    precondition(topKeysPerSlice >= 0, "top-key table size must be >= 0")
    self.halfLife = halfLife
    self.topKeysPerSlice = topKeysPerSlice
    lows = []
    decayedLoad = []
    decayedSeconds = []
    lastUpdate = []
    topKeys = []
    topCounts = []
    topErrors = []
    topUsed = []
    resetSlices(assignment, at: start)
  }

  /// Seconds of observation a steady stream accumulates as `dt` -> infinity: halfLife / ln 2.
  var saturationSeconds: Double { halfLife.seconds / M_LN2 }

  mutating func resetSlices(_ assignment: Assignment, at time: SimInstant) {
    let count = assignment.sliceCount
    lows = assignment.lows
    decayedLoad = Array(repeating: 0, count: count)
    decayedSeconds = Array(repeating: 0, count: count)
    lastUpdate = Array(repeating: time.nanoseconds, count: count)
    topKeys = Array(repeating: 0, count: count * topKeysPerSlice)
    topCounts = Array(repeating: 0, count: count * topKeysPerSlice)
    topErrors = Array(repeating: 0, count: count * topKeysPerSlice)
    topUsed = Array(repeating: 0, count: count)
  }

  /// Index of the tracked slice that holds `key`.
  @inlinable public func sliceIndex(containing key: UInt64) -> Int {
    lows.withUnsafeBufferPointer { buffer in
      var lowerBound = 0
      var upperBound = buffer.count
      while upperBound - lowerBound > 1 {
        let middle = (lowerBound + upperBound) >> 1
        if buffer[middle] <= key { lowerBound = middle } else { upperBound = middle }
      }
      return lowerBound
    }
  }

  /// Adds `load` for `key` at `time` (loads <= 0 are ignored, as in Dicer).
  public mutating func record(key: UInt64, load: Double, at time: SimInstant) {
    guard load > 0, load.isFinite else { return }
    let index = sliceIndex(containing: key)
    decay(slice: index, to: time)
    decayedLoad[index] += load
    recordTopKey(key, load: load, slice: index)
  }

  /// Brings slice `index`'s decayed sums forward to `time` (never backwards).
  mutating func decay(slice index: Int, to time: SimInstant) {
    let elapsed = time.nanoseconds - lastUpdate[index]
    guard elapsed > 0 else { return }
    let factor = decayFactor(nanoseconds: elapsed)
    decayedLoad[index] *= factor
    decayedSeconds[index] = decayedSeconds[index] * factor + saturationSeconds * (1 - factor)
    let base = index * topKeysPerSlice
    for slot in base..<(base + topUsed[index]) {
      topCounts[slot] *= factor
      topErrors[slot] *= factor
    }
    lastUpdate[index] = time.nanoseconds
  }

  func decayFactor(nanoseconds: Int64) -> Double {
    exp2(-Double(nanoseconds) / Double(halfLife.nanoseconds))
  }

  /// Space-saving update: count the key if tracked, else take a free slot, else evict the
  /// smallest count and inherit it as the new key's error bound.
  private mutating func recordTopKey(_ key: UInt64, load: Double, slice index: Int) {
    guard topKeysPerSlice > 0 else { return }
    let base = index * topKeysPerSlice
    let used = topUsed[index]
    var smallest = base
    for slot in base..<(base + used) {
      if topKeys[slot] == key {
        topCounts[slot] += load
        return
      }
      if topCounts[slot] < topCounts[smallest] { smallest = slot }
    }
    if used < topKeysPerSlice {
      let slot = base + used
      topKeys[slot] = key
      topCounts[slot] = load
      topErrors[slot] = 0
      topUsed[index] = used + 1
      return
    }
    topErrors[smallest] = topCounts[smallest]
    topCounts[smallest] += load
    topKeys[smallest] = key
  }

  /// Each slice's load rate (per second) as of `time`.
  public func sliceRates(at time: SimInstant) -> [Double] {
    lows.indices.map { index in
      let (load, seconds) = decayedState(slice: index, at: time)
      return seconds > 0 ? load / seconds : 0
    }
  }

  /// Decayed load and observation seconds of slice `index` as of `time`, without mutating.
  func decayedState(slice index: Int, at time: SimInstant) -> (load: Double, seconds: Double) {
    let elapsed = time.nanoseconds - lastUpdate[index]
    guard elapsed > 0 else { return (decayedLoad[index], decayedSeconds[index]) }
    let factor = decayFactor(nanoseconds: elapsed)
    return (decayedLoad[index] * factor, decayedSeconds[index] * factor + saturationSeconds * (1 - factor))
  }
}
