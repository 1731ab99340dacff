import SimCore
import Workload

/// Allocation-free scans over a router's fleet view, shared by the policies.
///
/// Every scan walks pods in ascending id order and keeps the first strict improvement, so
/// ties go to the lowest pod id.
enum FleetScan {
  /// The routable pod with the smallest `key`, or nil when none is routable.
  static func argmin<Key: Comparable>(
    _ fleet: [PodLoad], by key: (PodLoad) -> Key
  ) -> PodID? {
    var best: PodID?
    var bestKey: Key?
    for pod in fleet where pod.isRoutable {
      let value = key(pod)
      if let current = bestKey, !(value < current) { continue }
      best = pod.id
      bestKey = value
    }
    return best
  }

  /// How many pods are routable.
  static func routableCount(_ fleet: [PodLoad]) -> Int {
    var count = 0
    for pod in fleet where pod.isRoutable { count += 1 }
    return count
  }

  /// The `rank`-th routable pod (0-based) in id order.
  static func routable(at rank: Int, in fleet: [PodLoad]) -> PodID? {
    var remaining = rank
    for pod in fleet where pod.isRoutable {
      if remaining == 0 { return pod.id }
      remaining -= 1
    }
    return nil
  }

  /// True when `pod` is inside the fleet view and routable (stale ids are not).
  static func isRoutable(_ pod: PodID, in fleet: [PodLoad]) -> Bool {
    pod.rawValue >= 0 && pod.rawValue < fleet.count && fleet[pod.rawValue].isRoutable
  }

  /// Mean believed MU over the routable pods (0 when none is routable).
  static func meanBelievedMU(_ fleet: [PodLoad]) -> Double {
    var sum = 0.0
    var count = 0
    for pod in fleet where pod.isRoutable {
      sum += pod.believedMU
      count += 1
    }
    return count == 0 ? 0 : sum / Double(count)
  }

  /// A uniform index in `0..<count` (count > 0) from one draw, by multiply-high (Lemire's
  /// mapping without the rejection step: the bias is below count / 2^64).
  static func uniformIndex(below count: Int, _ random: inout SplitMix64) -> Int {
    Int(truncatingIfNeeded: UInt64(count).multipliedFullWidth(by: random.next()).high)
  }
}

extension RoutingDecision {
  /// What a policy without a queue answers when no pod at all is routable.
  static let noRoutablePod = RoutingDecision.reject(.noRoutablePod)
}
