import HeapModule
import Workload

/// Two adjacent slices that could be merged, coldest combined load first, ties to the lowest key.
private struct MergeCandidate: Comparable {
  var combinedLoad: Double
  var low: UInt64
  var left: Int
  var right: Int
  var leftVersion: Int
  var rightVersion: Int

  static func < (lhs: MergeCandidate, rhs: MergeCandidate) -> Bool {
    lhs.combinedLoad != rhs.combinedLoad ? lhs.combinedLoad < rhs.combinedLoad : lhs.low < rhs.low
  }
}

extension WorkingAssignment {
  /// Phases 4 and 7: while total slice replicas exceed `64 N`, merge the coldest adjacent pair.
  ///
  /// The merged slice gets `minReplicas` replicas, chosen to keep the most load in place: pods
  /// ranked by the per-replica load they already held of the pair, ties to the less-loaded pod,
  /// then the lowest id.
  mutating func mergeColdSlices(_ parameters: AlgorithmParameters) {
    guard totalReplicas > parameters.maxTotalReplicas, slices.count > 1 else { return }
    var alive = [Bool](repeating: true, count: slices.count)
    var versions = [Int](repeating: 0, count: slices.count)
    var previous = Array(-1..<(slices.count - 1))
    var next = Array(1...slices.count)
    next[slices.count - 1] = -1
    var queue = Heap<MergeCandidate>()
    func candidate(_ left: Int, _ right: Int) -> MergeCandidate {
      MergeCandidate(
        combinedLoad: slices[left].load + slices[right].load, low: slices[left].range.low,
        left: left, right: right, leftVersion: versions[left], rightVersion: versions[right])
    }
    for index in 0..<(slices.count - 1) { queue.insert(candidate(index, index + 1)) }
    while totalReplicas > parameters.maxTotalReplicas, let pair = queue.popMin() {
      guard alive[pair.left], alive[pair.right], versions[pair.left] == pair.leftVersion,
        versions[pair.right] == pair.rightVersion, next[pair.left] == pair.right
      else { continue }
      mergePair(left: pair.left, right: pair.right, replicaCount: parameters.minReplicas)
      alive[pair.right] = false
      versions[pair.left] += 1
      let after = next[pair.right]
      next[pair.left] = after
      if after >= 0 { previous[after] = pair.left }
      if previous[pair.left] >= 0 { queue.insert(candidate(previous[pair.left], pair.left)) }
      if after >= 0 { queue.insert(candidate(pair.left, after)) }
    }
    slices = slices.indices.filter { alive[$0] }.map { slices[$0] }
  }

  /// Replaces slice `left` by the union of `left` and `right` (which the caller drops).
  private mutating func mergePair(left: Int, right: Int, replicaCount: Int) {
    let first = slices[left]
    let second = slices[right]
    var keptShare: [(pod: PodID, share: Double)] = []
    for pod in Set(first.replicas).union(second.replicas) {
      let share =
        (first.replicas.contains(pod) ? first.perReplicaLoad : 0)
        + (second.replicas.contains(pod) ? second.perReplicaLoad : 0)
      keptShare.append((pod, share))
    }
    keptShare.sort { lhs, rhs in
      if lhs.share != rhs.share { return lhs.share > rhs.share }
      if podLoad[lhs.pod.rawValue] != podLoad[rhs.pod.rawValue] { return podLoad[lhs.pod.rawValue] < podLoad[rhs.pod.rawValue] }
      return lhs.pod < rhs.pod
    }
    var chosen = keptShare.prefix(replicaCount).map(\.pod)
    for slice in [first, second] {
      for pod in slice.replicas {
        podLoad[pod.rawValue] -= slice.perReplicaLoad
        podSliceCount[pod.rawValue] -= 1
      }
      totalReplicas -= slice.replicas.count
    }
    while chosen.count < replicaCount, let pod = coldestHealthyPod(excluding: chosen) { chosen.append(pod) }
    let merged = WorkingSlice(
      range: first.range.joined(with: second.range), load: first.load + second.load,
      replicas: chosen.sorted(), baseHolders: Array(Set(first.baseHolders).union(second.baseHolders)).sorted())
    for pod in merged.replicas {
      podLoad[pod.rawValue] += merged.perReplicaLoad
      podSliceCount[pod.rawValue] += 1
    }
    totalReplicas += merged.replicas.count
    slices[left] = merged
  }
}
