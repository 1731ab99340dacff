import SimCore
import Workload

/// What the auto-sharder did during a replay: generations, churn, blast radius, stale routing.
public struct ShardingMetrics: Sendable {
  /// One assignment generation.
  public struct Generation: Sendable, Equatable {
    public var generation: Int
    public var time: SimInstant
    public var reason: String
    /// Share of the key space whose replica set changed against the previous generation.
    public var keySpaceChanged: Double
    public var slicesMoved: Int
    /// Sampled keys whose subset changed.
    public var keysMoved: Int
    public var keysSampled: Int
    /// Total slice replicas in the new assignment.
    public var sliceReplicas: Int

    public init(
      generation: Int, time: SimInstant, reason: String, keySpaceChanged: Double, slicesMoved: Int,
      keysMoved: Int, keysSampled: Int, sliceReplicas: Int
    ) {
      self.generation = generation
      self.time = time
      self.reason = reason
      self.keySpaceChanged = keySpaceChanged
      self.slicesMoved = slicesMoved
      self.keysMoved = keysMoved
      self.keysSampled = keysSampled
      self.sliceReplicas = sliceReplicas
    }
  }

  /// One pod's blast radius: `loadShare` over the run (the load whose subset included the pod
  /// when it arrived), the other shares in the final assignment.
  public struct PodBlast: Sendable, Equatable {
    public var pod: PodID
    public var keySpaceShare: Double
    public var loadShare: Double
    public var keyShare: Double
    public var tenantShare: Double

    public init(pod: PodID, keySpaceShare: Double, loadShare: Double, keyShare: Double, tenantShare: Double) {
      self.pod = pod
      self.keySpaceShare = keySpaceShare
      self.loadShare = loadShare
      self.keyShare = keyShare
      self.tenantShare = tenantShare
    }
  }

  /// The shard key in use (e.g. `session`, or `prefix:4` after a fallback).
  public var shardKey: String
  /// Requests whose configured key was missing in the log, so the prefix key was used.
  public var keyFallbacks = 0
  public var generations: [Generation] = []
  public var blastRadius: [PodBlast] = []
  /// Requests routed on an assignment older than the sharder's current one, to a pod outside
  /// the key's current subset.
  public var misdirected = 0
  /// Subset size bounds in force.
  public var minReplicas: Int
  public var maxReplicas: Int

  public init(shardKey: String, minReplicas: Int, maxReplicas: Int) {
    self.shardKey = shardKey
    self.minReplicas = minReplicas
    self.maxReplicas = maxReplicas
  }

  /// Rebalances after the first assignment.
  public var rebalances: [Generation] { Array(generations.dropFirst()) }
  /// Mean share of the key space whose subset changed per rebalance.
  public var meanChurn: Double {
    let r = rebalances
    return r.isEmpty ? 0 : r.map(\.keySpaceChanged).reduce(0, +) / Double(r.count)
  }
  /// Sampled keys moved over all rebalances.
  public var keysMoved: Int { rebalances.map(\.keysMoved).reduce(0, +) }
  /// Largest load share any one pod's failure would touch.
  public var maxBlastLoadShare: Double { blastRadius.map(\.loadShare).max() ?? 0 }
  public var maxBlastKeyShare: Double { blastRadius.map(\.keyShare).max() ?? 0 }
  public var maxBlastTenantShare: Double { blastRadius.map(\.tenantShare).max() ?? 0 }
  public var meanBlastLoadShare: Double {
    blastRadius.isEmpty ? 0 : blastRadius.map(\.loadShare).reduce(0, +) / Double(blastRadius.count)
  }
}

/// Per-tenant counts of one replay.
public struct TenantMetrics: Sendable, Equatable {
  public var name: String
  public var offered = 0
  public var completed = 0
  public var rejected = 0
  public var spilled = 0
  public var inputTokens = 0
  public var cachedTokens = 0
  /// Time to first token; exact for the first `exactTenants` tenants, and for the others until
  /// their values span `CompactLatencyRecorder.sparseLimit` buckets.
  public var ttft = CompactLatencyRecorder()
  /// Tenants (by id, in order of first appearance) whose latencies may grow a full histogram.
  public static let exactTenants = 64

  public init(name: String) { self.name = name }

  public var hitRate: Double { inputTokens > 0 ? Double(cachedTokens) / Double(inputTokens) : 0 }

  public static func == (lhs: TenantMetrics, rhs: TenantMetrics) -> Bool {
    lhs.name == rhs.name && lhs.offered == rhs.offered && lhs.completed == rhs.completed
      && lhs.rejected == rhs.rejected && lhs.spilled == rhs.spilled && lhs.inputTokens == rhs.inputTokens
      && lhs.cachedTokens == rhs.cachedTokens
  }
}

/// One spill-over decision, for `spills.csv`.
public struct SpillRecord: Sendable, Equatable {
  public var time: SimInstant
  public var key: UInt64
  public var tenant: String
  /// The key's subset as the deciding router saw it.
  public var subset: [PodID]
  public var chosenPod: PodID?
  public var reason: String

  public init(time: SimInstant, key: UInt64, tenant: String, subset: [PodID], chosenPod: PodID?, reason: String) {
    self.time = time
    self.key = key
    self.tenant = tenant
    self.subset = subset
    self.chosenPod = chosenPod
    self.reason = reason
  }
}
