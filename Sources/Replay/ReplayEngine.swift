import Fleet
import HeapModule
import Measurements
import Routing
import Sharding
import SimCore
import Workload

/// Replays one log through the fleet under one routing policy and measures what happened.
///
/// The engine orders events among components that own their state (docs/architecture.md, "The
/// replay engine and its components"): the load reporter, admission, held requests, the
/// sharding runtime, the fleet lifecycle and autoscaler, the cost predictor and the metrics
/// recorder, which alone decides what the measured window counts.
///
/// Event order at equal times: pods' own iteration events first, then control events (load
/// reports, held-request retries), then the arrival; documented in docs/simulation.md. Only the
/// next arrival is pending, so memory grows with pods and in-flight requests, not log length.
public struct ReplayEngine<Source: ChainedRecordSource> {
  var source: Source
  let configuration: ReplayConfiguration

  var pods: [Pod]
  var podEvents = Heap<PodEventKey>()
  var routers: RouterReplicas
  var loads: LoadReporter
  var inFlight = SlotTable<InFlightRequest>()
  var held: HeldRequests
  var control = EventQueue<ControlEvent>()
  /// Prices each arrival in MU from its predicted shape, and learns from each finished one.
  var costs: MURequestCostPredictor
  var tenants = TenantTable()
  var recorder: MetricsRecorder
  var completedBuffer: [CompletedRequest] = []
  var origin: Int64?
  var lastArrival = SimInstant.zero
  var lastEvent = SimInstant.zero
  var sequence = 0
  var sharding: ShardingRuntime?
  var admission: AdmissionStage
  var fleet = FleetLifecycle()
  /// Closed-loop arrivals: sessions with a turn in flight or late, and turns waiting to be sent.
  var sessionTurns = SessionTable()
  var scheduledTurns = SlotTable<PendingArrival>()

  /// Prepares a replay of `source` under `policy`.
  public init(source: Source, configuration: ReplayConfiguration, policy: RoutingPolicyKind) {
    self.source = source
    self.configuration = configuration
    held = HeldRequests(retryEvery: configuration.holdRetry, maxHold: configuration.maxHold)
    costs = MURequestCostPredictor(
      costModel: configuration.costModel, outputs: configuration.predictor, workModel: configuration.workCostModel)
    let capacity = configuration.costModel.podCapacityMU
    pods = (0..<configuration.pods).map { i in
      Pod(id: PodID(i), profile: configuration.profile, mode: configuration.podMode)
    }
    let routerCount = configuration.routers
    routers = RouterReplicas(
      policy: policy, parameters: configuration.routing, count: routerCount, seed: configuration.seed)
    loads = LoadReporter(
      pods: configuration.pods, routers: routerCount, capacityMU: capacity, reportDelay: configuration.reportDelay)
    var metrics = PolicyMetrics(policy: policy.rawValue, podCount: configuration.pods, window: configuration.window)
    metrics.muPerPodMinute = configuration.muPerMinute
    if policy.usesKeySubsets {
      var sharderConfiguration = configuration.sharding
      // Dicer's load unit here is MU per second; a pod delivers muPerMinute / 60 of them.
      sharderConfiguration.maxLoadHint = configuration.muPerMinute / 60
      sharding = ShardingRuntime(
        configuration: sharderConfiguration, routers: configuration.routers,
        routerLagStep: configuration.routerLagStep)
      metrics.sharding = ShardingMetrics(
        shardKey: configuration.shardKey.description, minReplicas: sharderConfiguration.minReplicas,
        maxReplicas: sharderConfiguration.maxReplicas)
    }
    control.schedule(.reportTick, at: .zero)
    admission = AdmissionStage(maxWaiting: configuration.maxWaiting, contracts: configuration.contracts)
    if configuration.contracts != nil { metrics.admission = AdmissionMetrics() }
    recorder = MetricsRecorder(metrics: metrics)
    setUpFleet()
  }

  /// Runs the replay to the end of the log and until every admitted request has finished.
  public mutating func run() throws -> PolicyMetrics {
    var pending = try nextArrival()
    while try step(&pending) {}
    recorder.finish(lastEvent: lastEvent, tenantNames: tenants.names, podCount: pods.count)
    flushUnreportedShardLoad()
    if let sharding {
      recorder.metrics.sharding?.blastRadius = sharding.blastRadius(pods: (0..<pods.count).map(PodID.init))
    }
    return recorder.metrics
  }

  /// Runs the next event that comes before `limit`; false when none is left (the replay is
  /// over, or the next event lies at or after `limit`). `pending` is the next log record.
  mutating func step(_ pending: inout PendingArrival?, before limit: SimInstant = .distantFuture) throws -> Bool {
    let podTime = nextPodEventTime()
    let arrivalTime = pending?.arrival ?? .distantFuture
    let controlTime = control.nextTime ?? .distantFuture
    if let podTime, podTime <= arrivalTime, podTime <= controlTime {
      guard podTime < limit else { return false }
      runPodEvent(at: podTime)
      return true
    }
    if pending == nil && !hasRequestsInSystem() { return false }
    if controlTime <= arrivalTime {
      guard controlTime < limit, let (time, event) = control.popNext() else { return false }
      handle(event, at: time)
      return true
    }
    guard let arrival = pending, arrival.arrival < limit else { return false }
    arrive(arrival)
    pending = try nextArrival()
    return true
  }

  /// Whether any request is still owed an outcome: on a pod, held by a router, queued by
  /// admission, or a session turn waiting to be sent. The run loop ends, and report ticks skip
  /// ahead, only when none is.
  mutating func hasRequestsInSystem() -> Bool {
    !held.isEmpty || admission.queued > 0 || sessionTurns.waitingTurns > 0 || nextPodEventTime() != nil
  }

  // MARK: Pods

  mutating func nextPodEventTime() -> SimInstant? {
    while let top = podEvents.min {
      if pods[top.pod].nextEventTime == top.time { return top.time }
      _ = podEvents.popMin()  // stale: the pod's schedule changed since this entry was pushed
    }
    return nil
  }

  /// Pushes pod `index`'s next event. Every change of a pod's `nextEventTime` is followed by
  /// this (or leaves it nil), so each pod's current event has an entry in the heap.
  mutating func schedulePod(_ index: Int) {
    if let time = pods[index].nextEventTime { podEvents.insert(PodEventKey(time: time, pod: index)) }
  }

  mutating func runPodEvent(at time: SimInstant) {
    guard let top = podEvents.popMin() else { return }
    completedBuffer.removeAll(keepingCapacity: true)
    pods[top.pod].advance(to: time, into: &completedBuffer)
    lastEvent = max(lastEvent, time)
    for done in completedBuffer { finish(done, on: top.pod) }
    schedulePod(top.pod)
    if fleet.status[top.pod] == .draining { leaveIfDrained(top.pod, at: time) }
  }

  mutating func finish(_ done: CompletedRequest, on podIndex: Int) {
    guard var request = inFlight.remove(done.id) else { return }
    // A request whose answer outgrew the pod's KV memory stopped short (docs/simulation.md).
    request.outputTokens = min(request.outputTokens, done.outputTokens)
    let pod = PodID(podIndex)
    loads.released(router: request.router, pod: podIndex, tokens: request.inflightTokens)
    routers.completed(request.route, router: request.router, on: pod)
    let mu = costs.actualMU(
      inputTokens: request.route.inputTokens, cachedTokens: done.cachedTokens, outputTokens: request.outputTokens)
    settleAdmission(request.charged, route: request.route, actualMU: mu, at: done.completion)
    noteWarmup(pod: podIndex, done: done, inputTokens: request.route.inputTokens)
    recorder.finished(
      request.route, outputTokens: request.outputTokens, spilled: request.spilled, placement: request.placement,
      done, pod: pod, mu: mu)
    costs.observe(tenant: request.route.tenant, outputTokens: request.outputTokens)
    endTurn(request.turn, at: done.completion)
  }

  // MARK: Arrivals and routing

  mutating func nextArrival() throws -> PendingArrival? {
    guard let record = try source.nextChained() else { return nil }
    let start = origin ?? record.record.arrivalNanos
    if origin == nil { recorder.startMeasuring(origin: start, from: configuration.measuredFrom) }
    origin = start
    let raw = SimInstant(nanoseconds: record.record.arrivalNanos &- start)
    let arrival = max(raw, lastArrival)  // readers enforce order; never let time go back
    lastArrival = arrival
    fleet.nextArrival = arrival
    return PendingArrival(record: record, arrival: arrival)
  }

  mutating func admit(_ pending: PendingArrival, turn: SessionTurn? = nil) {
    let record = pending.record
    let now = pending.arrival
    lastEvent = max(lastEvent, now)
    let tenant = tenants.id(for: record.tenant)
    recorder.offered(tenant: tenant, at: now)
    guard admitsUnderCeiling(tenant: tenant, arrival: now) else { return }
    let chained = pending.chainedBlocks
    let (key, fellBack) = configuration.shardKey.key(for: record, chainedBlocks: chained)
    if fellBack { recorder.keyFellBack(arrival: now) }
    let cost = costs.predict(record, tenant: tenant)
    let route = RouteRequest(
      sequence: sequence, arrival: now, inputTokens: record.inputTokens, predictedOutputTokens: cost.outputTokens,
      estimatedMU: cost.estimatedMU, prefillMU: cost.prefillMU,
      prefixBlocks: chained,
      blockSize: chained.isEmpty ? 0 : (record.blockSize ?? configuration.defaultBlockSize ?? 16),
      shardKey: key, tenant: tenant,
      requestHash: StableHash.combine(configuration.seed, UInt64(sequence)))
    sequence += 1
    let router = Int(route.requestHash % UInt64(routers.count))
    recorder.arrived(route)
    let request = HeldRequest(
      route: route, router: router, outputTokens: record.outputTokens, maxTokens: record.maxTokens, heldSince: now,
      turn: turn)
    if admission.contracts != nil { return admitUnderContract(request, at: now) }
    if !offer(request, at: now) { hold(request, at: now) }
  }

  // MARK: Control events

  mutating func handle(_ event: ControlEvent, at now: SimInstant) {
    lastEvent = max(lastEvent, now)
    switch event {
    case .reportTick:
      takeReports(at: now)
      autoscale(at: now)
      tickSharder(at: now)
      control.schedule(.reportTick, at: nextReportTick(after: now))
    case .deliverAssignment(let router, let generation):
      deliverAssignment(router: router, generation: generation)
    case .deliverReports:
      deliverReports(at: now)
    case .retryHeld:
      held.retryFired()
      retryHeld(at: now)
    case .releaseQueued(let slot):
      releaseQueued(slot: slot, at: now)
    case .sendTurn(let slot):
      sendTurn(slot: slot, at: now)
    case .fleet(let event):
      handleFleet(event, at: now)
    }
  }
}
