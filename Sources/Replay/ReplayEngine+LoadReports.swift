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
    // Routers see the MU they believe; the report measures the pods' own work (they differ
    // only under --router-profile / --router-scale).
    let capacity = costs.measuredCapacityMU
    var batch = loads.startBatch(pods: pods.count)
    for index in pods.indices {
      // A dead pod sends nothing: no fresh zero-load report from a crashed pod.
      let reporting = fleet.status[index].isReporting
      let load = pods[index].loadInPlace(at: now)
      let kv = load.kvCapacityBlocks > 0 ? Double(load.kvUsedBlocks) / Double(load.kvCapacityBlocks) : 0
      batch.reported.append(reporting)
      batch.mu.append(load.inFlightMU)
      batch.waiting.append(load.waiting)
      batch.kvUtilization.append(kv)
      guard reporting else { continue }
      recorder.sampled(
        PodLoadSample(
          mu: load.workMU, running: load.running, waiting: load.waiting,
          kvUtilization: kv, capacityMU: capacity, prefillMU: load.workPrefillMU),
        pod: PodID(index), at: now)
    }
    let due = loads.send(batch, at: now)
    if due == now {
      deliverReports(at: now)
    } else {
      control.schedule(.deliverReports, at: due)
    }
  }

  /// The oldest report batch in transit reaches the routers, and its shard load the sharder.
  mutating func deliverReports(at now: SimInstant) {
    for load in loads.deliverDue() { sharding?.recordLoad(key: load.key, tenant: load.tenant, mu: load.mu, at: now) }
  }

  /// Load the sharder has not heard of when the replay ends still counts toward the key sample
  /// that blast radius is computed from.
  mutating func flushUnreportedShardLoad() {
    for load in loads.drainUndeliveredShardLoad() {
      sharding?.keySample.add(key: load.key, tenant: load.tenant, load: load.mu)
    }
  }
}

extension Pod {
  /// `load(at:)` on a pod accessed in place: called on `pods[index]` directly, the pod is
  /// copied whole (each of its arrays retained and released) at every report of every pod.
  fileprivate mutating func loadInPlace(at now: SimInstant) -> PodLoadReport { load(at: now) }
}
