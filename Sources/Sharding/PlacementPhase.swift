import Workload

/// One change the placement search can make.
enum PlacementMove: Sendable, Equatable {
  /// Move the replica of slice `slice` from `from` to `to`.
  case reassign(slice: Int, from: PodID, to: PodID)
  /// Add a replica of `slice` on `to`.
  case replicate(slice: Int, to: PodID)
  /// Drop the replica of `slice` held by `from`.
  case dereplicate(slice: Int, from: PodID)
}

extension WorkingAssignment {
  /// Phase 6: greedy local search on Dicer's penalty, always around the hottest eligible pod.
  ///
  /// Each round takes the hottest eligible pod, prices every Reassign, Dereplicate and
  /// Replicate that involves it, and applies the most negative change if it is below -1e-10;
  /// otherwise the pod stops being eligible. Dicer stops after 30 s of wall time; here at most
  /// `moveLimit` moves are applied, so the result never depends on machine speed. Returns the
  /// number of moves applied.
  @discardableResult
  mutating func placeByLocalSearch(_ parameters: AlgorithmParameters, moveLimit: Int) -> Int {
    var podSlices = [[Int]](repeating: [], count: podLoad.count)
    for (index, slice) in slices.enumerated() {
      for pod in slice.replicas { podSlices[pod.rawValue].append(index) }
    }
    var eligible = isHealthy
    var moves = 0
    while moves < moveLimit, let hot = hottestEligiblePod(eligible) {
      guard let move = bestMove(around: hot, parameters: parameters, podSlices: podSlices) else {
        eligible[hot.rawValue] = false
        continue
      }
      apply(move, podSlices: &podSlices)
      moves += 1
    }
    return moves
  }

  private func hottestEligiblePod(_ eligible: [Bool]) -> PodID? {
    var best: PodID?
    for pod in healthyPods where eligible[pod.rawValue] {
      if let current = best, podLoad[pod.rawValue] <= podLoad[current.rawValue] { continue }
      best = pod
    }
    return best
  }

  /// The candidate with the most negative penalty change below -1e-10; earliest wins ties
  /// (slices in key order, target pods in id order).
  func bestMove(around hot: PodID, parameters: AlgorithmParameters, podSlices: [[Int]]) -> PlacementMove? {
    var bestDelta = -1e-10
    var best: PlacementMove?
    let hotSliceCount = podSliceCount[hot.rawValue]
    for index in podSlices[hot.rawValue] {
      let slice = slices[index]
      if hotSliceCount > 1 {
        // An empty pod counts as colder even at equal load, so that zero-load runs still fill it.
        for target in healthyPods
        where (podLoad[target.rawValue] < podLoad[hot.rawValue] || podSliceCount[target.rawValue] == 0)
          && !slice.replicas.contains(target)
        {
          let delta = reassignDelta(index, from: hot, to: target, parameters)
          if delta < bestDelta { (bestDelta, best) = (delta, .reassign(slice: index, from: hot, to: target)) }
        }
        if slice.replicas.count > parameters.minReplicas, totalReplicas > parameters.minTotalReplicas {
          let delta = dereplicateDelta(index, from: hot, parameters)
          if delta < bestDelta { (bestDelta, best) = (delta, .dereplicate(slice: index, from: hot)) }
        }
      }
      if slice.replicas.count < parameters.maxReplicas {
        for target in healthyPods where !slice.replicas.contains(target) {
          let delta = replicateDelta(index, to: target, parameters)
          if delta < bestDelta { (bestDelta, best) = (delta, .replicate(slice: index, to: target)) }
        }
      }
    }
    return best
  }

  private mutating func apply(_ move: PlacementMove, podSlices: inout [[Int]]) {
    switch move {
    case .reassign(let index, let from, let to):
      removeReplica(from, fromSlice: index)
      addReplica(to, toSlice: index)
      podSlices[from.rawValue].removeAll { $0 == index }
      podSlices[to.rawValue].insertSorted(index)
    case .replicate(let index, let to):
      addReplica(to, toSlice: index)
      podSlices[to.rawValue].insertSorted(index)
    case .dereplicate(let index, let from):
      removeReplica(from, fromSlice: index)
      podSlices[from.rawValue].removeAll { $0 == index }
    }
  }
}
