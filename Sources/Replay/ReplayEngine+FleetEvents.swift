import Fleet
import Measurements
import Routing
import SimCore
import Workload

/// Fleet events during a replay: crashes, restarts, slow pods, planned terminations, sharder
/// outages (docs/simulation.md, "Fleet events").
extension ReplayEngine {
  /// Sets up the lifecycle state and schedules the configured events.
  mutating func setUpFleet() {
    fleet = FleetLifecycle(pods: pods.count, autoscaler: configuration.autoscaler)
    recorder.metrics.fleet.autoscaled = configuration.autoscaler != nil
    recorder.metrics.fleet.setPodCount(pods.count, at: .zero)
    for (index, event) in configuration.events.enumerated() {
      control.schedule(.fleet(.apply(index)), at: event.time)
    }
  }

  mutating func handleFleet(_ event: FleetControl, at now: SimInstant) {
    switch event {
    case .apply(let index):
      apply(configuration.events[index], at: now)
    case .routersLearnDown(let pod, let incarnation):
      guard fleet.isCurrent(pod, incarnation: incarnation, in: .down) else { return }
      loads.setRoutable(pod, false)
    case .sharderLearnsDown(let pod, let incarnation):
      guard fleet.isCurrent(pod, incarnation: incarnation, in: .down) else { return }
      fleet.sharderHealthy[pod] = false
    case .podReady(let pod, let incarnation):
      guard fleet.isCurrent(pod, incarnation: incarnation, in: .starting) else { return }
      join(pod, at: now)
      recordScaling(.podReady, pod: pod, utilisation: fleet.autoscaler?.utilisation ?? 0, at: now)
    }
  }

  mutating func apply(_ event: FleetEvent, at now: SimInstant) {
    var applied = true
    switch event.kind {
    case .podDown(let id):
      applied = crash(id.rawValue, at: now)
    case .podUp(let id):
      applied = restart(id.rawValue, at: now)
    case .slowPod(let id, let factor):
      let p = id.rawValue
      applied = p < pods.count && fleet.status[p] != .absent
      if applied {
        pods[p].setSlowdown(factor, at: now)
        schedulePod(p)
      }
    case .plannedTermination(let id):
      let p = id.rawValue
      applied = p < pods.count && (fleet.status[p] == .live || fleet.status[p] == .starting)
      if applied {
        startDrain(p, at: now)
        tickSharder(at: now)
      }
    case .sharderOutage(let duration):
      fleet.sharderOutageUntil = max(fleet.sharderOutageUntil, now + duration)
    }
    recorder.metrics.fleet.events.append(FleetMetrics.Event(time: now, label: applied ? event.label : event.label + " (no effect)"))
  }

  /// The pod crashes: its requests are lost and its cache is gone. Routers stop sending to it
  /// after one report interval (its report is missing; a router whose request hits the dead pod
  /// first opens its breaker at once), the sharder after its unhealthy timeout.
  mutating func crash(_ p: Int, at now: SimInstant) -> Bool {
    guard p < pods.count, fleet.status[p].isProvisioned else { return false }
    for request in pods[p].failAll(at: now) { loseInFlight(slot: request.id, on: p, at: now) }
    if let incarnation = fleet.crash(p) {
      control.schedule(
        .fleet(.routersLearnDown(pod: p, incarnation: incarnation)), at: now + configuration.reportInterval)
      control.schedule(
        .fleet(.sharderLearnsDown(pod: p, incarnation: incarnation)), at: now + configuration.sharding.unhealthyTimeout)
    }
    recorder.metrics.fleet.setPodCount(fleet.provisioned, at: now)
    return true
  }

  /// A crashed, drained or new pod id comes up with an empty cache and nominal speed.
  mutating func restart(_ p: Int, at now: SimInstant) -> Bool {
    if p >= pods.count { grow(to: p + 1) }
    guard [.down, .left, .absent].contains(fleet.status[p]) else { return false }
    pods[p] = Pod(id: PodID(p), profile: configuration.profile, mode: configuration.podMode)
    join(p, at: now)
    return true
  }

  /// Makes pod `p` live: routers see it at once (it registers), the sharder adds it as a new
  /// resource at its next tick.
  mutating func join(_ p: Int, at now: SimInstant) {
    fleet.join(p, at: now)
    loads.joined(p)
    recorder.metrics.fleet.setPodCount(fleet.provisioned, at: now)
  }

  /// Stops routing to pod `p` and takes it out of the sharder's healthy set at once; it leaves
  /// when its last request finishes.
  mutating func startDrain(_ p: Int, at now: SimInstant) {
    let leftAtOnce = fleet.startDrain(p)
    loads.setRoutable(p, false)
    if leftAtOnce {
      recorder.metrics.fleet.setPodCount(fleet.provisioned, at: now)
    } else {
      leaveIfDrained(p, at: now)
    }
  }

  /// A draining pod with nothing left to run leaves the fleet.
  mutating func leaveIfDrained(_ p: Int, at now: SimInstant) {
    guard fleet.leaveIfDrained(p, idle: pods[p].nextEventTime == nil) else { return }
    recorder.metrics.fleet.setPodCount(fleet.provisioned, at: now)
    if fleet.autoscaler != nil { recordScaling(.podLeft, pod: p, utilisation: fleet.autoscaler?.utilisation ?? 0, at: now) }
  }

  /// Adds pod ids up to `count - 1`, absent until something starts them.
  mutating func grow(to count: Int) {
    while pods.count < count {
      let id = PodID(pods.count)
      pods.append(Pod(id: id, profile: configuration.profile, mode: configuration.podMode))
      loads.addPod(id)
      recorder.metrics.pods.addPod()
      fleet.append(.absent)
    }
  }

  /// Drops an in-flight request whose pod crashed.
  mutating func loseInFlight(slot: Int, on p: Int, at now: SimInstant) {
    guard let request = inFlight.remove(slot) else { return }
    loads.released(router: request.router, pod: p, tokens: request.inflightTokens)
    routers.completed(request.route, router: request.router, on: PodID(p))
    countLost(request.route, charged: request.charged, turn: request.turn, at: now)
  }

  /// Counts a lost request and refunds the contract bucket that paid for it (it never ran to
  /// completion, as a rejected one). A request of the unmeasured warm-up is counted apart, in
  /// `warmupLost`, so that its fate is reported without entering the window's metrics.
  mutating func countLost(_ route: RouteRequest, charged: AdmissionBucket?, turn: SessionTurn?, at now: SimInstant) {
    settleAdmission(charged, route: route, actualMU: 0, at: now)
    endTurn(turn, at: now)
    recorder.lost(route)
  }

  /// A request the router sent to a pod that cannot take it (crashed before the router knew):
  /// the connection fails before any token, so the router opens its breaker for that pod and
  /// routes the request once more; if that choice fails too, the request is lost.
  mutating func redirect(_ request: HeldRequest, from p: Int, at now: SimInstant) {
    let r = request.router
    loads.markUnroutable(p, router: r)
    recorder.metrics.fleet.rerouted += 1
    let decision = routers.decide(request.route, router: r, view: loads.views[r])
    if !carryOut(decision, for: request, at: now, redirected: true) { hold(request, at: now) }
  }

  /// Counts a completion toward the cache warm-up of a pod in its first minute in the fleet.
  mutating func noteWarmup(pod p: Int, done: CompletedRequest, inputTokens: Int) {
    guard let joined = fleet.joinedAt[p], done.firstScheduled < joined + .seconds(60) else { return }
    recorder.metrics.fleet.warmupInputTokens += inputTokens
    recorder.metrics.fleet.warmupCachedTokens += done.cachedTokens
  }
}
