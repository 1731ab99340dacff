import Workload

/// How much one new assignment moved compared with its predecessor.
public struct ChurnReport: Sendable, Equatable {
  /// Generation of the new assignment.
  public var generation: Int
  /// Share of the key space whose replica set changed in any way.
  public var keySpaceChanged: Double
  /// Share of the key space that gained a pod it did not have (cache-cold for that pod).
  public var keySpaceGainedPod: Double
  /// Share of the new assignment's measured load whose replica set changed (0 when the new
  /// assignment records no load).
  public var loadChanged: Double
  /// New slices whose replica set differs, over some part of their range, from the old one.
  public var slicesMoved: Int
  /// Sample keys whose replica set changed (0 without a sample).
  public var keysMoved: Int
  /// Size of the key sample given.
  public var keysSampled: Int

  /// Compares `old` and `new` over the whole key space (and over `keySample`, if given).
  public static func between(_ old: Assignment, _ new: Assignment, keySample: [UInt64] = []) -> ChurnReport {
    var changed = 0.0
    var gained = 0.0
    var moved = 0
    var loadChanged = 0.0
    let newTotalLoad = new.measuredLoads.reduce(0, +)
    var oldIndex = 0
    for newIndex in 0..<new.sliceCount {
      let slice = new.slice(at: newIndex)
      let newReplicas = new.replicas(ofSlice: newIndex)
      var sliceChanged = false
      while old.slice(at: oldIndex).lastKey < slice.low { oldIndex += 1 }
      var cursor = oldIndex
      while cursor < old.sliceCount, old.slice(at: cursor).low <= slice.lastKey {
        if let overlap = old.slice(at: cursor).intersection(slice) {
          let oldReplicas = old.replicas(ofSlice: cursor)
          if !oldReplicas.elementsEqual(newReplicas) {
            sliceChanged = true
            changed += overlap.keySpaceFraction
            if newTotalLoad > 0 { loadChanged += new.measuredLoads[newIndex] * overlap.width / slice.width }
            if newReplicas.contains(where: { !oldReplicas.contains($0) }) { gained += overlap.keySpaceFraction }
          }
        }
        cursor += 1
      }
      if sliceChanged { moved += 1 }
    }
    let keysMoved = keySample.reduce(0) { count, key in
      old.replicas(for: key).elementsEqual(new.replicas(for: key)) ? count : count + 1
    }
    return ChurnReport(
      generation: new.generation, keySpaceChanged: Swift.min(1, changed), keySpaceGainedPod: Swift.min(1, gained),
      loadChanged: newTotalLoad > 0 ? Swift.min(1, loadChanged / newTotalLoad) : 0, slicesMoved: moved, keysMoved: keysMoved, keysSampled: keySample.count)
  }
}
