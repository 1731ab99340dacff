extension WorkingAssignment {
  /// Phase 1: drop every replica held by a pod that is no longer healthy (Slicer step 1).
  ///
  /// A slice may be left with no replica; the constraint phase refills it.
  mutating func deallocateUnhealthyPods() {
    for index in slices.indices {
      slices[index].replicas.removeAll { pod in pod.rawValue >= isHealthy.count || !isHealthy[pod.rawValue] }
    }
    recomputePodState()
  }
}
