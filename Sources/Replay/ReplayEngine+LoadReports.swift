import Fleet
import Measurements
import Routing
import SimCore
import Workload

/// Load reporting: every report interval each pod's in-flight MU, queue and KV use are sampled
/// for the measurements and sent to the routers, which see them after the report delay.
extension ReplayEngine {
  /// Samples every pod and sends the batch to the routers (at once, or after the delay).
  mutating func takeReports(at now: SimInstant) {
    let capacity = costModel.podCapacityMU
    var batch = ReportBatch(
      mu: [], waiting: [], kvUtilization: [], routedAtTake: routedMUTotal)
    batch.mu.reserveCapacity(pods.count)
    for index in pods.indices {
      let load = pods[index].load(at: now)
      let kv = load.kvCapacityBlocks > 0 ? Double(load.kvUsedBlocks) / Double(load.kvCapacityBlocks) : 0
      batch.mu.append(load.inFlightMU)
      batch.waiting.append(load.waiting)
      batch.kvUtilization.append(kv)
      guard fleet.status[index].isReporting else { continue }
      if now >= measuredFrom {
        metrics.pods.recordSample(
          PodLoadSample(mu: load.inFlightMU, running: load.running, waiting: load.waiting,
                        kvUtilization: kv, capacityMU: capacity),
          pod: PodID(index), at: now)
      }
    }
    if configuration.reportDelay.nanoseconds == 0 {
      deliver(batch)
    } else {
      pendingReports.append(batch)
      control.schedule(.deliverReports, at: now + configuration.reportDelay)
    }
  }

  /// A report reaches every router: its load replaces theirs, and what each router sent since
  /// the report was taken stays on top of it.
  mutating func deliver(_ batch: ReportBatch) {
    for r in views.indices {
      for p in batch.mu.indices where p < views[r].count {
        views[r][p].reportedMU = batch.mu[p]
        views[r][p].reportedWaiting = batch.waiting[p]
        views[r][p].kvUtilization = batch.kvUtilization[p]
        views[r][p].routedMUSinceReport = routedMUTotal[r][p] - batch.routedAtTake[r][p]
      }
    }
  }
}
