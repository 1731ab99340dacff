import Workload

/// For one pod, how much of the key space and of the load depends on it.
public struct PodBlastRadius: Sendable, Equatable {
  public var pod: PodID
  /// Share of the key space whose subset includes the pod.
  public var keySpaceShare: Double
  /// Share of the load whose subset includes the pod.
  public var loadShare: Double
  /// Share of sampled keys whose subset includes the pod (0 without a key sample).
  public var keyShare: Double
}

/// Blast radius of each pod: what a failure or overload of that pod touches.
public enum BlastRadius {
  /// Per pod (sorted), the key-space and load shares whose subset includes it, with load from
  /// `loadMap` apportioned over each slice.
  public static func compute(assignment: Assignment, pods: [PodID], loadMap: LoadMap) -> [PodBlastRadius] {
    let total = loadMap.totalLoad
    var result = shares(assignment: assignment, pods: pods) { index in
      let slice = assignment.slice(at: index)
      return (slice.keySpaceFraction, total > 0 ? loadMap.load(of: slice) / total : 0, 0)
    }
    result.sort { $0.pod < $1.pod }
    return result
  }

  /// Per pod (sorted), the shares of key space, of sampled load and of sampled keys whose
  /// subset includes it; `sample` is (key, load) pairs, e.g. per session.
  public static func compute(assignment: Assignment, pods: [PodID], sample: [(key: UInt64, load: Double)]) -> [PodBlastRadius] {
    var sliceLoad = [Double](repeating: 0, count: assignment.sliceCount)
    var sliceKeys = [Int](repeating: 0, count: assignment.sliceCount)
    for entry in sample {
      let index = assignment.sliceIndex(containing: entry.key)
      sliceLoad[index] += entry.load
      sliceKeys[index] += 1
    }
    let totalLoad = sliceLoad.reduce(0, +)
    return shares(assignment: assignment, pods: pods) { index in
      (
        assignment.slice(at: index).keySpaceFraction, totalLoad > 0 ? sliceLoad[index] / totalLoad : 0,
        sample.isEmpty ? 0 : Double(sliceKeys[index]) / Double(sample.count)
      )
    }
  }

  private static func shares(
    assignment: Assignment, pods: [PodID], perSlice: (Int) -> (keySpace: Double, load: Double, keys: Double)
  ) -> [PodBlastRadius] {
    let sorted = Array(Set(pods)).sorted()
    var position = [Int](repeating: -1, count: (sorted.last?.rawValue ?? -1) + 1)
    for (slot, pod) in sorted.enumerated() where pod.rawValue >= 0 { position[pod.rawValue] = slot }
    var result = sorted.map { PodBlastRadius(pod: $0, keySpaceShare: 0, loadShare: 0, keyShare: 0) }
    for index in 0..<assignment.sliceCount {
      let share = perSlice(index)
      for pod in assignment.replicas(ofSlice: index) where pod.rawValue >= 0 && pod.rawValue < position.count {
        let slot = position[pod.rawValue]
        guard slot >= 0 else { continue }
        result[slot].keySpaceShare += share.keySpace
        result[slot].loadShare += share.load
        result[slot].keyShare += share.keys
      }
    }
    return result
  }
}
