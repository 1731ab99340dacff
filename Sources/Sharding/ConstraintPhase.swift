import Workload

extension WorkingAssignment {
  /// Phase 2: clamp each slice's replica count to `[minReplicas, maxReplicas]` (Slicer step 2).
  ///
  /// Missing replicas go to the coldest healthy pods that lack the slice; surplus replicas are
  /// cut keeping the coldest holders. Slices are visited in key order, loads updated as we go.
  mutating func enforceReplicaBounds(_ parameters: AlgorithmParameters) {
    for index in slices.indices {
      while slices[index].replicas.count < parameters.minReplicas {
        guard let pod = coldestHealthyPod(excluding: slices[index].replicas) else { break }
        addReplica(pod, toSlice: index)
      }
      if slices[index].replicas.count > parameters.maxReplicas {
        let byColdness = slices[index].replicas.sorted { lhs, rhs in
          podLoad[lhs.rawValue] != podLoad[rhs.rawValue] ? podLoad[lhs.rawValue] < podLoad[rhs.rawValue] : lhs < rhs
        }
        for pod in byColdness.dropFirst(parameters.maxReplicas) { removeReplica(pod, fromSlice: index) }
      }
    }
  }
}
