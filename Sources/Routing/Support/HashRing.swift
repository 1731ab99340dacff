import SimCore
import Workload

/// A consistent-hashing ring: `virtualNodes` points per pod, each at a stable hash of
/// (pod, replica index), sorted by position.
struct HashRing: Sendable {
  /// Ring positions, ascending.
  private(set) var positions: [UInt64] = []
  /// The pod owning each position.
  private(set) var owners: [Int32] = []
  /// Pods placed on the ring (ids `0..<podCount`).
  private(set) var podCount = 0
  let virtualNodes: Int

  init(virtualNodes: Int) {
    precondition(virtualNodes > 0, "HashRing: need at least one virtual node per pod")
    self.virtualNodes = virtualNodes
  }

  /// Where virtual node `replica` of `pod` sits on the ring.
  static func position(pod: Int, replica: Int) -> UInt64 {
    StableHash.combine(StableHash.mix(UInt64(pod) &+ 1), UInt64(replica))
  }

  /// Places pods `0..<count` on the ring; a no-op when it already holds exactly those.
  /// Positions depend only on (pod, replica), so growing the fleet never moves a point.
  mutating func ensure(podCount count: Int) {
    guard count != podCount else { return }
    var points: [(position: UInt64, pod: Int32)] = []
    points.reserveCapacity(count * virtualNodes)
    for pod in 0..<count {
      for replica in 0..<virtualNodes {
        points.append((Self.position(pod: pod, replica: replica), Int32(pod)))
      }
    }
    // Position collisions are broken by pod id so the order never depends on sort stability.
    points.sort { $0.position != $1.position ? $0.position < $1.position : $0.pod < $1.pod }
    positions = points.map(\.position)
    owners = points.map(\.pod)
    podCount = count
  }

  /// Index of the first point at or clockwise after `key` (wrapping to 0).
  func firstIndex(atOrAfter key: UInt64) -> Int {
    var low = 0
    var high = positions.count
    while low < high {
      let middle = (low + high) / 2
      if positions[middle] < key { low = middle + 1 } else { high = middle }
    }
    return low == positions.count ? 0 : low
  }
}
