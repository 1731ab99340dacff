import Workload

/// One slice of an assignment and the pods (its subset) that serve it.
public struct SliceReplicas: Sendable, Equatable {
  public var slice: KeySlice
  /// Sorted, distinct.
  public var replicas: [PodID]
  /// A slice with its replica set.
  public init(slice: KeySlice, replicas: [PodID]) {
    self.slice = slice
    self.replicas = replicas
  }
}

/// A complete assignment of the key space: slices sorted by low key, each with its replica set.
///
/// Stored flat (slice lows, replica offsets, replica pods) so that the per-request lookup is a
/// binary search with no allocation.
public struct Assignment: Sendable, Equatable {
  /// Increases by one with every generated assignment; the initial one is 1.
  public var generation: Int
  /// Low key of each slice, strictly increasing from 0; slice i ends where slice i+1 begins.
  public private(set) var lows: [UInt64]
  /// Slice i's replicas are `replicaPods[replicaStarts[i] ..< replicaStarts[i + 1]]`.
  @usableFromInline var replicaStarts: [Int]
  @usableFromInline var replicaPods: [PodID]
  /// Measured (not reservation-adjusted) load per slice at generation time; empty when unknown.
  public private(set) var measuredLoads: [Double]

  /// An assignment from slices that cover the key space in order.
  public init(generation: Int, slices: [SliceReplicas], measuredLoads: [Double] = []) {
    precondition(LoadMap.coversKeySpace(slices.map(\.slice)), "assignment slices must cover the key space in order")
    precondition(measuredLoads.isEmpty || measuredLoads.count == slices.count, "one measured load per slice")
    self.generation = generation
    lows = slices.map(\.slice.low)
    replicaStarts = [0]
    replicaStarts.reserveCapacity(slices.count + 1)
    replicaPods = []
    for slice in slices {
      replicaPods.append(contentsOf: slice.replicas.sorted())
      replicaStarts.append(replicaPods.count)
    }
    self.measuredLoads = measuredLoads
  }

  /// Number of slices.
  @inlinable public var sliceCount: Int { lows.count }

  /// Index of the slice that holds `key`.
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

  /// The subset of pods serving `key`, sorted by id (hot path: no allocation).
  @inlinable public func replicas(for key: UInt64) -> ArraySlice<PodID> {
    replicas(ofSlice: sliceIndex(containing: key))
  }

  /// The pods serving slice `index`, sorted by id.
  @inlinable public func replicas(ofSlice index: Int) -> ArraySlice<PodID> {
    replicaPods[replicaStarts[index]..<replicaStarts[index + 1]]
  }

  /// The key range of slice `index`.
  public func slice(at index: Int) -> KeySlice {
    index + 1 < lows.count ? KeySlice(low: lows[index], high: lows[index + 1]) : .toEnd(from: lows[index])
  }

  /// Every slice with its replicas (allocates; for reports and tests).
  public var slices: [SliceReplicas] {
    (0..<sliceCount).map { SliceReplicas(slice: slice(at: $0), replicas: Array(replicas(ofSlice: $0))) }
  }

  /// Sum of replica counts over all slices.
  public var totalSliceReplicas: Int { replicaPods.count }

  /// The distinct pods that hold at least one slice, sorted.
  public var pods: [PodID] { Array(Set(replicaPods)).sorted() }
}
