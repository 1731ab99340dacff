import Workload

/// Over a whole replay, the MU of each request attributed to every pod of its key's subset at
/// the moment it arrived: what each pod's failure would have touched, weighted by load over time.
/// The final assignment alone misleads after an idle tail, when the sharder has merged or
/// reshaped slices that carried no load; this keeps the subsets that carried the traffic.
/// Memory is one number per pod.
public struct SubsetLoadExposure: Sendable, Equatable {
  private var loadByPod: [Double] = []
  /// MU of every request attributed (requests before the first assignment are not).
  public private(set) var totalLoad: Double = 0

  public init() {}

  /// Attributes `mu` to each of `pods` (the key's subset when the request arrived).
  public mutating func add(mu: Double, pods: [PodID]) {
    guard mu > 0, !pods.isEmpty else { return }
    totalLoad += mu
    for pod in pods where pod.rawValue >= 0 {
      if pod.rawValue >= loadByPod.count {
        loadByPod.append(contentsOf: repeatElement(0, count: pod.rawValue + 1 - loadByPod.count))
      }
      loadByPod[pod.rawValue] += mu
    }
  }

  /// The share of attributed MU whose subset included `pod` (0 when nothing was attributed).
  public func loadShare(of pod: PodID) -> Double {
    guard totalLoad > 0, pod.rawValue >= 0, pod.rawValue < loadByPod.count else { return 0 }
    return loadByPod[pod.rawValue] / totalLoad
  }
}
