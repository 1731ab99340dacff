import Workload

extension ShardingAlgorithm {
  /// Dicer's first assignment, made without load data: `nextPow2(ceil(32 N / minReplicas))`
  /// equal slices, replicas dealt round-robin over the sorted pods, `minReplicas` each.
  ///
  /// The power of two keeps the total in `[32 N, 64 N]`. Returns nil when `pods` is empty.
  public static func initialAssignment(pods: [PodID], config: ShardingConfiguration, generation: Int = 1) -> Assignment? {
    let sortedPods = Array(Set(pods)).sorted()
    guard !sortedPods.isEmpty else { return nil }
    let replicas = config.replicaBounds(podCount: sortedPods.count).lowerBound
    let wanted = config.minSliceReplicasPerPod * sortedPods.count
    let minSliceCount = Swift.max(1, (wanted + replicas - 1) / replicas)
    let sliceCount = nextPowerOfTwo(minSliceCount)
    let slices = uniformPartition(sliceCount)
    var next = 0
    var result: [SliceReplicas] = []
    result.reserveCapacity(sliceCount)
    for slice in slices {
      var holders: [PodID] = []
      for _ in 0..<replicas {
        holders.append(sortedPods[next])
        next = (next + 1) % sortedPods.count
      }
      result.append(SliceReplicas(slice: slice, replicas: holders.sorted()))
    }
    return Assignment(generation: generation, slices: result)
  }

  /// The smallest power of two that is >= `value` (value >= 1).
  static func nextPowerOfTwo(_ value: Int) -> Int {
    var power = 1
    while power < value { power <<= 1 }
    return power
  }

  /// `count` (a power of two, at most 2^63) equal slices covering the key space.
  static func uniformPartition(_ count: Int) -> [KeySlice] {
    precondition(count >= 1 && count.nonzeroBitCount == 1, "uniform partition needs a power of two")
    guard count > 1 else { return [.full] }
    let step = UInt64(1) << (64 - count.trailingZeroBitCount)
    return (0..<count).map { index in
      let low = UInt64(index) &* step
      return index == count - 1 ? .toEnd(from: low) : KeySlice(low: low, high: low + step)
    }
  }
}
