import Fleet
import Measurements
import Routing
import SimCore
import Workload

/// Load reporting: every report interval each serving pod's in-flight MU, queue and KV use are
/// sampled for the measurements and sent to the routers, which see them after the report delay.
/// The requests the pods took since the previous report travel with it to the sharder.
extension ReplayEngine {
  /// Samples every serving pod and sends the batch to the routers (at once, or after the delay).
  mutating func takeReports(at now: SimInstant) {
    let capacity = costModel.podCapacityMU
    var batch = ReportBatch(
      reported: [], mu: [], waiting: [], kvUtilization: [], routedAtTake: routedMUTotal)
    batch.mu.reserveCapacity(pods.count)
    swap(&batch.shardLoad, &unreportedShardLoad)
    for index in pods.indices {
      // A dead pod sends nothing: no fresh zero-load report from a crashed pod.
      let reporting = fleet.status[index].isReporting
      let load = pods[index].load(at: now)
      let kv = load.kvCapacityBlocks > 0 ? Double(load.kvUsedBlocks) / Double(load.kvCapacityBlocks) : 0
      batch.reported.append(reporting)
      batch.mu.append(load.inFlightMU)
      batch.waiting.append(load.waiting)
      batch.kvUtilization.append(kv)
      guard reporting else { continue }
      recorder.sampled(
        PodLoadSample(mu: load.inFlightMU, running: load.running, waiting: load.waiting,
                      kvUtilization: kv, capacityMU: capacity),
        pod: PodID(index), at: now)
    }
    if configuration.reportDelay.nanoseconds == 0 {
      deliver(batch, at: now)
    } else {
      pendingReports.append(batch)
      control.schedule(.deliverReports, at: now + configuration.reportDelay)
    }
  }

  /// A report reaches every router: its load replaces theirs, and what each router sent since
  /// the report was taken stays on top of it.
  mutating func deliver(_ batch: ReportBatch, at now: SimInstant) {
    for load in batch.shardLoad { sharding?.recordLoad(key: load.key, tenant: load.tenant, mu: load.mu, at: now) }
    for r in views.indices {
      for p in batch.mu.indices where p < views[r].count && batch.reported[p] {
        views[r][p].reportedMU = batch.mu[p]
        views[r][p].reportedWaiting = batch.waiting[p]
        views[r][p].kvUtilization = batch.kvUtilization[p]
        views[r][p].routedMUSinceReport = routedMUTotal[r][p] - batch.routedAtTake[r][p]
      }
    }
  }

  /// Load the sharder has not heard of when the replay ends still counts toward the key sample
  /// that blast radius is computed from.
  mutating func flushUnreportedShardLoad() {
    for batch in pendingReports {
      for load in batch.shardLoad { sharding?.keySample.add(key: load.key, tenant: load.tenant, load: load.mu) }
    }
    for load in unreportedShardLoad { sharding?.keySample.add(key: load.key, tenant: load.tenant, load: load.mu) }
    unreportedShardLoad.removeAll()
  }
}
