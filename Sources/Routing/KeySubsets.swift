import Workload

/// A key-to-pod-subset table, as a router's copy of the sharder's assignment exposes it.
///
/// The sharder's `Assignment` conforms to this (in the Routing or Replay module, since
/// Sharding cannot see Routing). `pods(for:)` runs once per request: return a stored array
/// so that the call costs no allocation.
public protocol KeySubsets: Sendable {
  /// The pods assigned to the slice holding `key` (empty when the key is unassigned).
  func pods(for key: UInt64) -> [PodID]
}

/// A fixed table of key ranges and their pod subsets: slice `i` covers the keys from
/// `lowerBounds[i]` up to (not including) `lowerBounds[i + 1]`.
public struct KeyRangeSubsets: KeySubsets, Equatable {
  /// Inclusive lower bound of each slice, ascending, the first one 0.
  public private(set) var lowerBounds: [UInt64]
  /// The pods of each slice.
  public private(set) var subsets: [[PodID]]

  /// Builds a table from `(lowerBound, pods)` pairs; the first bound must be 0 and bounds
  /// must ascend strictly.
  public init(slices: [(lowerBound: UInt64, pods: [PodID])]) {
    precondition(slices.first?.lowerBound == 0, "KeyRangeSubsets: the first slice must start at key 0")
    for index in slices.indices.dropFirst() {
      precondition(
        slices[index - 1].lowerBound < slices[index].lowerBound,
        "KeyRangeSubsets: slice lower bounds must ascend strictly")
    }
    lowerBounds = slices.map(\.lowerBound)
    subsets = slices.map(\.pods)
  }

  /// One slice covering the whole key space.
  public init(everyKeyTo pods: [PodID]) {
    self.init(slices: [(0, pods)])
  }

  /// `count` equal slices, slice `i` assigned to `assign(i)`.
  public init(equalSlices count: Int, assign: (Int) -> [PodID]) {
    precondition(count > 0, "KeyRangeSubsets: need at least one slice")
    let width = UInt64.max / UInt64(count) &+ 1
    self.init(slices: (0..<count).map { (UInt64($0) &* width, assign($0)) })
  }

  public func pods(for key: UInt64) -> [PodID] {
    // The last slice whose lower bound is <= key.
    var low = 0
    var high = lowerBounds.count
    while high - low > 1 {
      let middle = (low + high) / 2
      if lowerBounds[middle] <= key { low = middle } else { high = middle }
    }
    return subsets[low]
  }
}
