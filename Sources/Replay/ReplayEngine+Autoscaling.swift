import Fleet
import Measurements
import SimCore
import Workload

/// The MU autoscaler in the replay, and report ticks that skip idle stretches of the log.
extension ReplayEngine {
  /// Feeds the autoscaler this tick's utilisation (in-flight MU of live pods over their
  /// capacity) and carries out its decision.
  mutating func autoscale(at now: SimInstant) {
    guard var scaler = fleet.autoscaler else { return }
    var mu = 0.0
    var live = 0
    for p in pods.indices where fleet.status[p] == .live {
      mu += pods[p].load(at: now).inFlightMU
      live += 1
    }
    let capacity = Double(live) * loads.capacityMU
    let starting = fleet.status.count { $0 == .starting }
    let decision = scaler.observe(
      utilisation: capacity > 0 ? mu / capacity : 0, live: live, starting: starting, at: now)
    fleet.autoscaler = scaler
    switch decision {
    case .scaleUp(let count)?:
      for _ in 0..<count { orderPod(utilisation: scaler.utilisation, at: now) }
    case .scaleDown(let count)?:
      for _ in 0..<count { retireOnePod(utilisation: scaler.utilisation, at: now) }
    case nil:
      break
    }
  }

  /// A new pod id, in cold start until `coldStart` has passed; then it joins with an empty cache.
  mutating func orderPod(utilisation: Double, at now: SimInstant) {
    let p = pods.count
    grow(to: p + 1)
    let incarnation = fleet.order(p)
    let coldStart = configuration.autoscaler?.coldStart ?? .zero
    control.schedule(.fleet(.podReady(pod: p, incarnation: incarnation)), at: now + coldStart)
    recorder.metrics.fleet.setPodCount(fleet.provisioned, at: now)
    recordScaling(.scaleUp, pod: p, utilisation: utilisation, at: now)
  }

  /// Drains the live pod with the least in-flight MU (the highest id on ties, so the original
  /// fleet stays); a pod still in cold start goes first if no pod is live.
  mutating func retireOnePod(utilisation: Double, at now: SimInstant) {
    guard let pod = fleet.podToRetire(inFlightMU: { pods[$0].load(at: now).inFlightMU }) else { return }
    recordScaling(.scaleDown, pod: pod, utilisation: utilisation, at: now, podsAfter: fleet.scalable - 1)
    startDrain(pod, at: now)
  }

  mutating func recordScaling(_ action: FleetMetrics.ScalingKind, pod: Int, utilisation: Double, at now: SimInstant, podsAfter: Int? = nil) {
    recorder.metrics.fleet.scaling.append(
      FleetMetrics.ScalingAction(
        action: action, time: now, pod: PodID(pod), utilisation: utilisation, podsAfter: podsAfter ?? fleet.scalable))
  }

  /// The next load-report tick. While requests are in flight, held or queued it is one interval on.
  /// When the fleet is idle and the next arrival lies beyond the current window, the ticks up to
  /// that arrival's window are skipped: windows skipped whole stay empty, and the skipped ticks
  /// of a window partly sampled count as zero samples (what they would have been), so a log
  /// whose clock jumps by years costs a few ticks. With the autoscaler on, an idle fleet above
  /// its minimum still ticks every scale-down sustain time, so it shrinks as it would have.
  mutating func nextReportTick(after now: SimInstant) -> SimInstant {
    fleet.reportTicks += 1
    let interval = configuration.reportInterval
    let next = now + interval
    guard let arrival = fleet.nextArrival, arrival > next, !hasRequestsInSystem() else { return next }
    let series = recorder.metrics.pods
    guard series.windowIndex(arrival) > series.windowIndex(next) else { return next }
    var target = series.windowStart(series.windowIndex(arrival))
    if let settings = configuration.autoscaler, fleet.scalable > settings.minPods {
      target = min(target, now + max(settings.downSustain, interval))
    }
    target = Self.tick(atOrAfter: target, interval: interval) ?? next
    guard target > next else { return next }
    // Zero samples for the skipped ticks of the first and the last window touched.
    let firstWindowEnd = series.windowStart(series.windowIndex(next) + 1)
    let lastWindowStart = max(firstWindowEnd, series.windowStart(series.windowIndex(target)))
    let first = Self.ticks(from: next, to: min(target, firstWindowEnd), interval: interval)
    let last = Self.ticks(from: lastWindowStart, to: target, interval: interval)
    for p in pods.indices where fleet.status[p].isReporting {
      recorder.metrics.pods.recordIdleSamples(first, pod: PodID(p), at: next)
      recorder.metrics.pods.recordIdleSamples(last, pod: PodID(p), at: lastWindowStart)
    }
    return target
  }

  /// The first report tick (a multiple of `interval`) at or after `time`; nil on overflow.
  static func tick(atOrAfter time: SimInstant, interval: SimDuration) -> SimInstant? {
    let step = interval.nanoseconds
    let index = time.nanoseconds / step + (time.nanoseconds % step == 0 ? 0 : 1)
    let (ticks, overflow) = index.multipliedReportingOverflow(by: step)
    return overflow ? nil : SimInstant(nanoseconds: ticks)
  }

  /// Report ticks in `[start, end)`.
  static func ticks(from start: SimInstant, to end: SimInstant, interval: SimDuration) -> Int {
    guard end > start, let first = tick(atOrAfter: start, interval: interval), first < end else { return 0 }
    return Int((end - first).nanoseconds - 1) / Int(interval.nanoseconds) + 1
  }
}
