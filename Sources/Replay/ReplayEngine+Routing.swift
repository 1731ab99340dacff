import DequeModule
import Fleet
import Routing
import SimCore
import Workload

/// Routing in the replay: a router replica decides, and the engine carries the decision out on
/// the pods (place), into the hold queue, or into a rejection, with the metrics told of each.
extension ReplayEngine {
  /// Asks the router for a decision; returns false when the router wants to hold the request.
  mutating func offer(_ request: HeldRequest, at now: SimInstant) -> Bool {
    let r = request.router
    return carryOut(routers.decide(request.route, router: r, view: loads.views[r]), for: request, at: now, redirected: false)
  }

  /// Carries out a router's decision; false when it asks to hold the request. A `redirected`
  /// request already failed on a crashed pod: if the pod chosen now cannot take it either, it
  /// is lost rather than redirected again.
  mutating func carryOut(
    _ decision: RoutingDecision, for request: HeldRequest, at now: SimInstant, redirected: Bool
  ) -> Bool {
    switch decision {
    case .pod(let pod):
      send(request, to: pod.rawValue, at: now, redirected: redirected)
    case .spill(let pod, let reason):
      recordSpill(request, pod: pod, reason: reason, at: now)
      var spilled = request
      spilled.spilled = true
      send(spilled, to: pod.rawValue, at: now, redirected: redirected)
    case .reject(let reason):
      if reason != .noRoutablePod { recordSpill(request, pod: nil, reason: reason, at: now) }
      reject(request)
    case .hold:
      return false
    }
    return true
  }

  private mutating func send(_ request: HeldRequest, to podIndex: Int, at now: SimInstant, redirected: Bool) {
    if redirected && !fleet.accepts(podIndex) {
      countLost(request.route, charged: request.charged, turn: request.turn, at: now)
    } else {
      place(request, on: podIndex, at: now)
    }
  }

  mutating func reject(_ request: HeldRequest) {
    settleAdmission(request.charged, route: request.route, actualMU: 0, at: lastEvent)
    endTurn(request.turn, at: lastEvent)
    recorder.rejected(request.route)
  }

  mutating func recordSpill(_ request: HeldRequest, pod: PodID?, reason: SpillReason, at now: SimInstant) {
    recorder.spilled(
      request.route, tenantName: tenants.names[request.route.tenant],
      subset: routers.subset(router: request.router, key: request.route.shardKey), pod: pod, reason: reason, at: now)
  }

  mutating func place(_ request: HeldRequest, on podIndex: Int, at now: SimInstant) {
    guard podIndex >= 0 && podIndex < pods.count else {
      reject(request)
      return
    }
    guard fleet.accepts(podIndex) else {
      redirect(request, from: podIndex, at: now)
      return
    }
    if let sharding, sharding.isMisdirected(router: request.router, key: request.route.shardKey, pod: PodID(podIndex)) {
      recorder.misdirected(arrival: request.route.arrival)
    }
    let visit = recorder.keyVisit(request.route, pod: PodID(podIndex))
    // The pod keeps the prefix blocks while the request runs; the engine needs none after this.
    var route = request.route
    route.prefixBlocks = []
    let inFlightRequest = InFlightRequest(
      route: route, router: request.router, outputTokens: request.outputTokens, turn: request.turn,
      charged: request.charged, placement: visit.placement, spilled: request.spilled)
    let tokens = inFlightRequest.inflightTokens
    let slot = inFlight.insert(inFlightRequest)
    var podRequest = PodRequest(
      id: slot, arrival: now, inputTokens: request.route.inputTokens, outputTokens: request.outputTokens,
      prefixBlocks: request.route.prefixBlocks, blockTokens: request.route.blockSize,
      estimatedMU: request.route.estimatedMU, predictedOutputTokens: request.route.predictedOutputTokens,
      maxTokens: request.maxTokens)
    podRequest.workMU = costs.workMU(
      inputTokens: request.route.inputTokens, predictedOutputTokens: request.route.predictedOutputTokens)
    let scheduled = pods[podIndex].nextEventTime
    let admitted = pods[podIndex].admit(podRequest, at: now)
    guard admitted else {
      // Prompt plus max_tokens (or the prediction) can never fit in the pod's KV memory.
      _ = inFlight.remove(slot)
      recorder.oversized(arrival: request.route.arrival)
      reject(request)
      return
    }
    // Most arrivals leave the pod's next event where it was, and its heap entry stands.
    if pods[podIndex].nextEventTime != scheduled { schedulePod(podIndex) }
    recorder.placed(request.route, pod: PodID(podIndex), visit: visit)
    loads.placed(
      router: request.router, pod: podIndex, tokens: tokens, mu: request.route.estimatedMU,
      shardLoad: sharding == nil
        ? nil : ShardLoad(key: request.route.shardKey, tenant: request.route.tenant, mu: request.route.estimatedMU))
  }

  mutating func hold(_ request: HeldRequest, at now: SimInstant) {
    recorder.held()
    if let retry = held.hold(request, at: now) { control.schedule(.retryHeld, at: retry) }
  }

  mutating func retryHeld(at now: SimInstant) {
    var stillHeld = Deque<HeldRequest>()
    while let request = held.next() {
      if offer(request, at: now) { continue }
      if held.hasExpired(request, at: now) {
        reject(request)
      } else {
        stillHeld.append(request)
      }
    }
    held.keep(stillHeld)
    if let retry = held.nextRetry(at: now) { control.schedule(.retryHeld, at: retry) }
  }
}
