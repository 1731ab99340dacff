import Workload

extension WorkingAssignment {
  /// Penalty of `pod` if it carried `load` over `sliceCount` slices.
  func penalty(_ pod: PodID, load: Double, sliceCount: Int, _ parameters: AlgorithmParameters) -> Double {
    parameters.resourcePenalty(load: load, isEmpty: sliceCount == 0, isNew: isNew[pod.rawValue])
  }

  /// Change in `pod`'s penalty when its load moves by `loadChange` and its slices by `countChange`.
  func penaltyChange(_ pod: PodID, loadChange: Double, countChange: Int, _ parameters: AlgorithmParameters) -> Double {
    let load = podLoad[pod.rawValue]
    let count = podSliceCount[pod.rawValue]
    return penalty(pod, load: load + loadChange, sliceCount: count + countChange, parameters)
      - penalty(pod, load: load, sliceCount: count, parameters)
  }

  /// Reassign: both pods' penalty change, plus churn when `from` held the range in the base.
  func reassignDelta(_ index: Int, from: PodID, to: PodID, _ parameters: AlgorithmParameters) -> Double {
    let slice = slices[index]
    let share = slice.perReplicaLoad
    let churn = slice.baseHolders.contains(from) ? parameters.churnPenaltyRatio * share : 0
    return penaltyChange(from, loadChange: -share, countChange: -1, parameters)
      + penaltyChange(to, loadChange: share, countChange: 1, parameters) + churn
  }

  /// Replicate from r to r + 1: holders shed `L/r - L/(r+1)`, the target takes `L/(r+1)`;
  /// replication costs `L/r` and churn `ratio * L/(r+1)`.
  func replicateDelta(_ index: Int, to: PodID, _ parameters: AlgorithmParameters) -> Double {
    let slice = slices[index]
    let count = Double(slice.replicas.count)
    let newShare = slice.load / (count + 1)
    var delta = penaltyChange(to, loadChange: newShare, countChange: 1, parameters)
    if count > 0 {
      let drop = slice.load / count - newShare
      for holder in slice.replicas { delta += penaltyChange(holder, loadChange: -drop, countChange: 0, parameters) }
      delta += slice.load / count
    }
    return delta + parameters.churnPenaltyRatio * newShare
  }

  /// Dereplicate from r to r - 1: `from` sheds `L/r`, the others take `L/(r-1) - L/r` each;
  /// the replication cost `L/(r-1)` is saved.
  func dereplicateDelta(_ index: Int, from: PodID, _ parameters: AlgorithmParameters) -> Double {
    let slice = slices[index]
    let count = Double(slice.replicas.count)
    precondition(count > 1, "dereplicate needs at least two replicas")
    let oldShare = slice.load / count
    let rise = slice.load / (count - 1) - oldShare
    var delta = penaltyChange(from, loadChange: -oldShare, countChange: -1, parameters)
    for holder in slice.replicas where holder != from {
      delta += penaltyChange(holder, loadChange: rise, countChange: 0, parameters)
    }
    return delta - slice.load / (count - 1)
  }
}
