import Workload

/// What one pod holds in an assignment.
public struct PodHoldings: Sendable, Equatable {
  public var pod: PodID
  /// Share of the key space whose subset includes the pod, in [0, 1].
  public var keySpaceShare: Double
  /// Indices of the slices the pod serves, in key order.
  public var sliceIndices: [Int]
}

extension Assignment {
  /// For every pod in `pods` (or every assigned pod), the key-space share and slices it holds.
  public func holdings(pods requested: [PodID]? = nil) -> [PodHoldings] {
    let pods = (requested ?? self.pods).sorted()
    let maxRaw = (pods.last?.rawValue ?? -1)
    var position = [Int](repeating: -1, count: maxRaw + 1)
    for (index, pod) in pods.enumerated() where pod.rawValue >= 0 { position[pod.rawValue] = index }
    var result = pods.map { PodHoldings(pod: $0, keySpaceShare: 0, sliceIndices: []) }
    for index in 0..<sliceCount {
      let fraction = slice(at: index).keySpaceFraction
      for pod in replicas(ofSlice: index) where pod.rawValue >= 0 && pod.rawValue <= maxRaw {
        let slot = position[pod.rawValue]
        guard slot >= 0 else { continue }
        result[slot].keySpaceShare += fraction
        result[slot].sliceIndices.append(index)
      }
    }
    return result
  }
}
