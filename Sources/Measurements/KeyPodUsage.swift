import Workload

/// Which pods served each shard key, for the first `limit` distinct keys: the blast radius as
/// the run actually experienced it, comparable across every policy (a pod's failure touches the
/// keys, tenants and load it served). Memory is bounded by `limit` keys x pods bits.
public struct KeyPodUsage: Sendable {
  struct Entry: Sendable {
    var tenant: Int
    var load: Double
    var pods: [UInt64]
    /// The pod that served the key's latest request.
    var lastPod: Int
  }
  private var index: [UInt64: Int] = [:]
  private var entries: [Entry] = []
  public let limit: Int

  public init(limit: Int = 100_000) { self.limit = limit }

  /// Distinct keys sampled.
  public var keyCount: Int { entries.count }

  /// Where a request lands relative to its key's previous request.
  public enum Placement: Sendable, Equatable {
    /// The key is beyond the sampled keys.
    case untracked
    /// The key's first request.
    case first
    /// The same pod as the key's previous request.
    case stayed
    /// Another pod: whatever the previous pod had cached for this key is out of reach.
    case moved
  }

  /// A request's key looked up once: where the request lands, and the key's entry for `record`,
  /// so that placing a request costs one hash lookup, not one to classify and one to record.
  public struct Visit: Sendable, Equatable {
    public let placement: Placement
    let key: UInt64
    /// The key's entry, or -1 when the key had none at the visit.
    let entry: Int

    /// A request outside the measured window: nothing to classify or record.
    public static let unmeasured = Visit(placement: .untracked, key: 0, entry: -1)
  }

  /// Looks up `key` for a request sent to `pod`, before the request is recorded.
  public func visit(key: UInt64, pod: PodID) -> Visit {
    guard let i = index[key] else {
      return Visit(placement: entries.count < limit ? .first : .untracked, key: key, entry: -1)
    }
    return Visit(placement: entries[i].lastPod == pod.rawValue ? .stayed : .moved, key: key, entry: i)
  }

  /// Where a request of `key` sent to `pod` lands, before it is recorded.
  public func placement(key: UInt64, pod: PodID) -> Placement { visit(key: key, pod: pod).placement }

  /// Records that `pod` served a request of `key` carrying `load` MU.
  public mutating func record(key: UInt64, tenant: Int, pod: PodID, load: Double) {
    record(visit(key: key, pod: pod), tenant: tenant, pod: pod, load: load)
  }

  /// Records that `pod` served the request of `visit` carrying `load` MU. A key's entry never
  /// moves, so a visit stays valid; a key new at its visit is looked up again when recorded (at
  /// most `limit` times in a run), in case another visit recorded it first.
  public mutating func record(_ visit: Visit, tenant: Int, pod: PodID, load: Double) {
    if visit.entry >= 0 {
      update(entry: visit.entry, pod: pod, load: load)
    } else if let i = index[visit.key] {
      update(entry: i, pod: pod, load: load)
    } else if entries.count < limit {
      let word = pod.rawValue >> 6
      var words = [UInt64](repeating: 0, count: word + 1)
      words[word] = UInt64(1) << UInt64(pod.rawValue & 63)
      index[visit.key] = entries.count
      entries.append(Entry(tenant: tenant, load: load, pods: words, lastPod: pod.rawValue))
    }
  }

  private mutating func update(entry i: Int, pod: PodID, load: Double) {
    let word = pod.rawValue >> 6
    entries[i].load += load
    entries[i].lastPod = pod.rawValue
    if word >= entries[i].pods.count {
      entries[i].pods.append(contentsOf: repeatElement(0, count: word + 1 - entries[i].pods.count))
    }
    entries[i].pods[word] |= UInt64(1) << UInt64(pod.rawValue & 63)
  }

  /// Per pod: shares of sampled keys, of their load and of their tenants that the pod served.
  public func blastRadius(podCount: Int) -> [ShardingMetrics.PodBlast] {
    let totalLoad = entries.reduce(0) { $0 + $1.load }
    let tenantCount = Set(entries.map(\.tenant)).count
    return (0..<podCount).map { pod in
      let word = pod >> 6
      let bit = UInt64(1) << UInt64(pod & 63)
      var keys = 0
      var load = 0.0
      var tenants = Set<Int>()
      for entry in entries where word < entry.pods.count && entry.pods[word] & bit != 0 {
        keys += 1
        load += entry.load
        tenants.insert(entry.tenant)
      }
      return ShardingMetrics.PodBlast(
        pod: PodID(pod), keySpaceShare: 0,
        loadShare: totalLoad > 0 ? load / totalLoad : 0,
        keyShare: entries.isEmpty ? 0 : Double(keys) / Double(entries.count),
        tenantShare: tenantCount > 0 ? Double(tenants.count) / Double(tenantCount) : 0)
    }
  }
}
