import Workload

/// A slice while an assignment is being generated.
struct WorkingSlice: Sendable, Equatable {
  var range: KeySlice
  /// Reservation-adjusted load.
  var load: Double
  /// Sorted, distinct.
  var replicas: [PodID]
  /// Pods that held (part of) this range in the base assignment, sorted; moving a replica away
  /// from one of them costs churn.
  var baseHolders: [PodID]

  var perReplicaLoad: Double { replicas.isEmpty ? load : load / Double(replicas.count) }
}

/// The mutable assignment the phases work on (Dicer's `MutableAssignment`).
///
/// Per-pod state lives in arrays indexed by `PodID.rawValue`; pod loads are kept in step with
/// every replica change so that phases can ask "coldest pod" cheaply.
struct WorkingAssignment: Sendable {
  var slices: [WorkingSlice]
  var podLoad: [Double]
  var podSliceCount: [Int]
  var isHealthy: [Bool]
  /// Healthy pods that held nothing in the base assignment.
  var isNew: [Bool]
  /// Sorted.
  let healthyPods: [PodID]
  /// Reservation-adjusted load map used to price splits and merges.
  let loadMap: LoadMap
  var totalReplicas: Int

  init(base: Assignment, healthyPods: [PodID], adjustedLoadMap: LoadMap) {
    self.healthyPods = Array(Set(healthyPods)).sorted()
    loadMap = adjustedLoadMap
    let basePods = base.pods
    let podSlots = Swift.max(basePods.last?.rawValue ?? -1, self.healthyPods.last?.rawValue ?? -1) + 1
    podLoad = Array(repeating: 0, count: podSlots)
    podSliceCount = Array(repeating: 0, count: podSlots)
    isHealthy = Array(repeating: false, count: podSlots)
    isNew = Array(repeating: false, count: podSlots)
    for pod in self.healthyPods { isHealthy[pod.rawValue] = true }
    for pod in self.healthyPods { isNew[pod.rawValue] = true }
    for pod in basePods { isNew[pod.rawValue] = false }
    slices = (0..<base.sliceCount).map { index in
      let range = base.slice(at: index)
      let holders = Array(base.replicas(ofSlice: index))
      return WorkingSlice(range: range, load: adjustedLoadMap.load(of: range), replicas: holders, baseHolders: holders)
    }
    totalReplicas = 0
    recomputePodState()
  }

  /// Recounts pod loads, slice counts and total replicas from the slices.
  mutating func recomputePodState() {
    for index in podLoad.indices {
      podLoad[index] = 0
      podSliceCount[index] = 0
    }
    totalReplicas = 0
    for slice in slices {
      let share = slice.perReplicaLoad
      for pod in slice.replicas {
        podLoad[pod.rawValue] += share
        podSliceCount[pod.rawValue] += 1
      }
      totalReplicas += slice.replicas.count
    }
  }

  /// Adds `pod` as a replica of slice `index`; the existing holders' shares shrink.
  mutating func addReplica(_ pod: PodID, toSlice index: Int) {
    let oldCount = slices[index].replicas.count
    let load = slices[index].load
    if oldCount > 0 {
      let drop = load / Double(oldCount) - load / Double(oldCount + 1)
      for holder in slices[index].replicas { podLoad[holder.rawValue] -= drop }
    }
    podLoad[pod.rawValue] += load / Double(oldCount + 1)
    podSliceCount[pod.rawValue] += 1
    slices[index].replicas.insertSorted(pod)
    totalReplicas += 1
  }

  /// Removes `pod` from slice `index`; the remaining holders' shares grow.
  mutating func removeReplica(_ pod: PodID, fromSlice index: Int) {
    let oldCount = slices[index].replicas.count
    let load = slices[index].load
    guard let position = slices[index].replicas.firstIndex(of: pod) else { return }
    slices[index].replicas.remove(at: position)
    podLoad[pod.rawValue] -= load / Double(oldCount)
    podSliceCount[pod.rawValue] -= 1
    totalReplicas -= 1
    if oldCount > 1 {
      let rise = load / Double(oldCount - 1) - load / Double(oldCount)
      for holder in slices[index].replicas { podLoad[holder.rawValue] += rise }
    }
  }

  /// The healthy pod with the least load not in `excluded` (sorted), ties to the lowest id.
  func coldestHealthyPod(excluding excluded: [PodID]) -> PodID? {
    var best: PodID?
    for pod in healthyPods where !excluded.contains(pod) {
      if let current = best, podLoad[pod.rawValue] >= podLoad[current.rawValue] { continue }
      best = pod
    }
    return best
  }

  /// Puts the slices back in key order after phases that appended split halves.
  mutating func sortSlices() {
    slices.sort { $0.range.low < $1.range.low }
  }

  /// The finished assignment; slice loads are re-read from `measuredLoadMap`.
  func assignment(generation: Int, measuredLoadMap: LoadMap) -> Assignment {
    Assignment(
      generation: generation,
      slices: slices.map { SliceReplicas(slice: $0.range, replicas: $0.replicas) },
      measuredLoads: slices.map { measuredLoadMap.load(of: $0.range) })
  }
}

extension Array where Element: Comparable {
  /// Inserts `element` keeping the array sorted (no-op if already present).
  mutating func insertSorted(_ element: Element) {
    var position = endIndex
    while position > startIndex, self[position - 1] > element { position -= 1 }
    if position > startIndex, self[position - 1] == element { return }
    insert(element, at: position)
  }
}
