import Workload

/// A broken invariant of an assignment.
public enum AssignmentViolation: Sendable, Equatable, CustomStringConvertible {
  /// Slice lows must start at 0 and strictly increase.
  case gapOrOverlap(sliceIndex: Int)
  /// A slice's replica count is outside the clamped `[min, max]` replica bounds.
  case replicaCountOutOfBounds(sliceIndex: Int, count: Int, bounds: ClosedRange<Int>)
  /// A slice lists the same pod twice.
  case duplicateReplica(sliceIndex: Int, pod: PodID)
  /// A pod that is not healthy holds a slice.
  case unhealthyPodAssigned(sliceIndex: Int, pod: PodID)
  /// Total slice replicas are outside `[32 N, 64 N]`.
  case totalReplicasOutOfBounds(total: Int, bounds: ClosedRange<Int>)
  /// A healthy pod holds no slice.
  case emptyPod(PodID)

  public var description: String {
    switch self {
    case .gapOrOverlap(let index):
      "slice \(index): lows must start at 0 and strictly increase (gap or overlap in the key space)"
    case .replicaCountOutOfBounds(let index, let count, let bounds):
      "slice \(index): \(count) replicas, outside the bounds \(bounds.lowerBound)...\(bounds.upperBound)"
    case .duplicateReplica(let index, let pod):
      "slice \(index): \(pod) listed twice"
    case .unhealthyPodAssigned(let index, let pod):
      "slice \(index): assigned to \(pod), which is not healthy"
    case .totalReplicasOutOfBounds(let total, let bounds):
      "\(total) slice replicas in total, outside \(bounds.lowerBound)...\(bounds.upperBound)"
    case .emptyPod(let pod):
      "\(pod) is healthy but holds no slice"
    }
  }
}

extension Assignment {
  /// Every broken invariant for this assignment over `healthyPods` (empty when valid).
  ///
  /// Checks: slices cover the key space disjointly and contiguously (so every key is assigned),
  /// replica counts within the clamped bounds, no duplicate or unhealthy replica, total slice
  /// replicas within `[32 N, 64 N]`, and (when `requireNonEmptyPods`) every healthy pod used.
  public func validate(
    healthyPods: [PodID], config: ShardingConfiguration, requireNonEmptyPods: Bool = true
  ) -> [AssignmentViolation] {
    var violations: [AssignmentViolation] = []
    if lows.first != 0 { violations.append(.gapOrOverlap(sliceIndex: 0)) }
    for index in lows.indices.dropFirst() where lows[index] <= lows[index - 1] {
      violations.append(.gapOrOverlap(sliceIndex: index))
    }
    let healthy = Set(healthyPods)
    let podCount = healthy.count
    guard podCount > 0 else { return violations }
    let bounds = config.replicaBounds(podCount: podCount)
    for index in 0..<sliceCount {
      let replicas = replicas(ofSlice: index)
      if !bounds.contains(replicas.count) {
        violations.append(.replicaCountOutOfBounds(sliceIndex: index, count: replicas.count, bounds: bounds))
      }
      for (offset, pod) in zip(replicas.indices, replicas) {
        if offset > replicas.startIndex, replicas[offset - 1] == pod {
          violations.append(.duplicateReplica(sliceIndex: index, pod: pod))
        }
        if !healthy.contains(pod) { violations.append(.unhealthyPodAssigned(sliceIndex: index, pod: pod)) }
      }
    }
    let totalBounds = (config.minSliceReplicasPerPod * podCount)...(config.maxSliceReplicasPerPod * podCount)
    if !totalBounds.contains(totalSliceReplicas) {
      violations.append(.totalReplicasOutOfBounds(total: totalSliceReplicas, bounds: totalBounds))
    }
    if requireNonEmptyPods {
      let used = Set(pods)
      for pod in healthy.sorted() where !used.contains(pod) { violations.append(.emptyPod(pod)) }
    }
    return violations
  }
}
