import Measurements
import Routing
import Sharding
import SimCore
import Workload

/// The auto-sharder as the replay runs it: Dicer's generation rules on the engine's clock, load
/// fed from admissions, and each new assignment reaching each router after its own lag.
struct ShardingRuntime {
  var sharder: AutoSharder
  var tracker: SliceLoadTracker?
  /// Key tables waiting to reach routers: (generation, table), oldest first.
  var inTransit: [(generation: Int, table: KeyRangeSubsets)] = []
  /// The assignment generation each router currently uses.
  var routerGeneration: [Int]
  /// The sharder's current table, to tell misdirected requests.
  var currentTable: KeyRangeSubsets?
  var currentGeneration = 0
  var keySample = KeyLoadSample(limit: 100_000)
  /// Load per pod over the run, by the subsets in force when requests arrived.
  var exposure = SubsetLoadExposure()
  let lag: [SimDuration]

  init(configuration: ShardingConfiguration, routers: Int, routerLagStep: SimDuration) {
    sharder = AutoSharder(config: configuration)
    routerGeneration = Array(repeating: 0, count: routers)
    lag = (0..<routers).map { configuration.propagationDelay + routerLagStep * Int64($0) }
  }

  /// A key table for routers, built once per generation so lookups never allocate.
  static func table(for assignment: Assignment) -> KeyRangeSubsets {
    KeyRangeSubsets(slices: assignment.slices.map { ($0.slice.low, Array($0.replicas)) })
  }

  /// Runs Dicer's generation rules at `now`; returns the new table if a generation happened.
  mutating func tick(now: SimInstant, healthyPods: [PodID], metrics: inout ShardingMetrics) -> KeyRangeSubsets? {
    // Sorting the key sample is the costly part: only when a generation is due.
    guard sharder.dueReason(now: now, healthyPods: healthyPods) != nil else { return nil }
    let sample = keySample.sortedKeys
    let next: Assignment?
    if var tracker {
      next = sharder.maybeGenerate(now: now, healthyPods: healthyPods, adoptingInto: &tracker, keySample: sample)
      self.tracker = tracker
    } else {
      // No load is measured before the first assignment; Dicer's first one is uniform anyway.
      let unmeasured = SliceLoadTracker(
        assignment: Assignment(generation: 0, slices: [SliceReplicas(slice: .full, replicas: healthyPods)]), at: now)
      next = sharder.maybeGenerate(now: now, healthyPods: healthyPods, tracker: unmeasured, keySample: sample)
      if let next { tracker = SliceLoadTracker(assignment: next, at: now, halfLife: sharder.config.loadHalfLife) }
    }
    guard let next, let record = sharder.lastGeneration else { return nil }
    metrics.generations.append(
      ShardingMetrics.Generation(
        generation: next.generation, time: now, reason: record.reason.rawValue,
        keySpaceChanged: record.churn?.keySpaceChanged ?? 0, slicesMoved: record.churn?.slicesMoved ?? 0,
        keysMoved: record.churn?.keysMoved ?? 0, keysSampled: record.churn?.keysSampled ?? 0,
        sliceReplicas: next.totalSliceReplicas))
    let table = Self.table(for: next)
    currentTable = table
    currentGeneration = next.generation
    inTransit.append((next.generation, table))
    return table
  }

  /// Feeds one admitted request's estimated MU to the sharder's load measurement.
  mutating func recordLoad(key: UInt64, tenant: Int, mu: Double, at now: SimInstant) {
    tracker?.record(key: key, load: mu, at: now)
    keySample.add(key: key, tenant: tenant, load: mu)
    if let currentTable { exposure.add(mu: mu, pods: currentTable.pods(for: key)) }
  }

  /// The table of `generation`, for delivery to a router; drops tables every router has.
  mutating func table(generation: Int) -> KeyRangeSubsets? {
    let table = inTransit.first { $0.generation == generation }?.table
    let oldest = routerGeneration.min() ?? 0
    inTransit.removeAll { $0.generation < oldest && $0.generation != currentGeneration }
    return table
  }

  /// True when `pod` is outside the key's subset in the sharder's current assignment.
  func isMisdirected(router: Int, key: UInt64, pod: PodID) -> Bool {
    guard routerGeneration[router] < currentGeneration, let currentTable else { return false }
    return !currentTable.pods(for: key).contains(pod)
  }

  /// Blast radius of each pod: the load share over the run (`exposure`), and the key-space, key
  /// and tenant shares in the final assignment.
  func blastRadius(pods: [PodID]) -> [ShardingMetrics.PodBlast] {
    guard let assignment = sharder.current else { return [] }
    let sample = keySample.sortedEntries
    let perPod = BlastRadius.compute(
      assignment: assignment, pods: pods, sample: sample.map { (key: $0.key, load: $0.load) })
    let tenantCount = Set(sample.map(\.tenant)).count
    return perPod.map { radius in
      var tenants = Set<Int>()
      for entry in sample where assignment.replicas(for: entry.key).contains(radius.pod) {
        tenants.insert(entry.tenant)
      }
      return ShardingMetrics.PodBlast(
        pod: radius.pod, keySpaceShare: radius.keySpaceShare,
        loadShare: exposure.totalLoad > 0 ? exposure.loadShare(of: radius.pod) : radius.loadShare,
        keyShare: radius.keyShare, tenantShare: tenantCount > 0 ? Double(tenants.count) / Double(tenantCount) : 0)
    }
  }
}

/// The first `limit` distinct shard keys seen, with their tenant and accumulated load: a
/// bounded sample for churn and blast radius (memory never grows past `limit` keys).
struct KeyLoadSample {
  struct Entry {
    var key: UInt64
    var tenant: Int
    var load: Double
  }
  private var index: [UInt64: Int] = [:]
  private var entries: [Entry] = []
  let limit: Int

  init(limit: Int) { self.limit = limit }

  mutating func add(key: UInt64, tenant: Int, load: Double) {
    if let i = index[key] {
      entries[i].load += load
    } else if entries.count < limit {
      index[key] = entries.count
      entries.append(Entry(key: key, tenant: tenant, load: load))
    }
  }

  var sortedEntries: [Entry] { entries.sorted { $0.key < $1.key } }
  var sortedKeys: [UInt64] { entries.map(\.key).sorted() }
}
