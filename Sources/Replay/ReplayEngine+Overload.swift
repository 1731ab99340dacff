import Measurements
import SimCore

extension ReplayEngine {
  /// Requests the simulator holds right now: on a pod (queued or running), held at a router,
  /// or queued by admission. Each costs a few hundred bytes until it ends, so this count is
  /// what `maxWaiting` bounds; running requests are included because a pod's batch is small
  /// next to the ceiling, and counting them keeps the check O(1).
  var requestsInSimulator: Int { inFlight.count + held.count + admissionQueued }

  /// Whether a new arrival may enter; if not, it is refused and counted as `rejected_overload`,
  /// as a router's full request queue answers 429 or 503 without looking further.
  mutating func admitsUnderCeiling(tenant: Int, arrival: SimInstant) -> Bool {
    let holding = requestsInSimulator
    guard holding >= configuration.maxWaiting else {
      recorder.metrics.peakInSimulator = max(recorder.metrics.peakInSimulator, holding + 1)
      return true
    }
    recorder.rejectedOverload(tenant: tenant, arrival: arrival)
    return false
  }
}
