import HeapModule

/// A slice waiting to be split, hottest per-replica load first, ties to the lowest key.
private struct SplitCandidate: Comparable {
  var perReplicaLoad: Double
  var low: UInt64
  var index: Int
  var version: Int

  static func < (lhs: SplitCandidate, rhs: SplitCandidate) -> Bool {
    lhs.perReplicaLoad != rhs.perReplicaLoad ? lhs.perReplicaLoad < rhs.perReplicaLoad : lhs.low > rhs.low
  }
}

extension WorkingAssignment {
  /// Phase 3: split every slice whose per-replica load exceeds the split threshold, at its load
  /// midpoint, hottest first. Both halves keep the parent's replicas, so splitting moves nothing.
  /// Single-key slices cannot be split and are skipped.
  mutating func splitHotSlices(_ parameters: AlgorithmParameters, splitLimit: Int) {
    splitSlices(limit: splitLimit) { candidate, _ in candidate.perReplicaLoad > parameters.splitThreshold }
  }

  /// Phase 5: zero-churn splits, hottest first whatever the load, until the assignment has at
  /// least `32 N` slice replicas.
  mutating func splitToMinimumReplicaCount(_ parameters: AlgorithmParameters) {
    splitSlices(limit: Int.max) { _, assignment in assignment.totalReplicas < parameters.minTotalReplicas }
  }

  /// Splits the hottest splittable slice while `shouldSplit` holds for it, then restores key order.
  private mutating func splitSlices(
    limit: Int, while shouldSplit: (SplitCandidate, WorkingAssignment) -> Bool
  ) {
    var versions = [Int](repeating: 0, count: slices.count)
    var queue = Heap<SplitCandidate>()
    for index in slices.indices {
      queue.insert(SplitCandidate(perReplicaLoad: slices[index].perReplicaLoad, low: slices[index].range.low, index: index, version: 0))
    }
    var splits = 0
    while splits < limit, let candidate = queue.popMax() {
      guard versions[candidate.index] == candidate.version else { continue }
      guard shouldSplit(candidate, self) else { break }
      let parent = slices[candidate.index]
      guard let key = loadMap.midpointSplitKey(of: parent.range, load: parent.load),
        let (leftRange, rightRange) = parent.range.split(at: key)
      else { continue }
      let leftLoad = Swift.min(parent.load, loadMap.load(of: leftRange))
      var left = parent
      left.range = leftRange
      left.load = leftLoad
      var right = parent
      right.range = rightRange
      right.load = parent.load - leftLoad
      slices[candidate.index] = left
      versions[candidate.index] += 1
      slices.append(right)
      versions.append(0)
      totalReplicas += parent.replicas.count
      for pod in parent.replicas { podSliceCount[pod.rawValue] += 1 }
      queue.insert(SplitCandidate(perReplicaLoad: left.perReplicaLoad, low: left.range.low, index: candidate.index, version: versions[candidate.index]))
      queue.insert(SplitCandidate(perReplicaLoad: right.perReplicaLoad, low: right.range.low, index: slices.count - 1, version: 0))
      splits += 1
    }
    sortSlices()
  }
}
