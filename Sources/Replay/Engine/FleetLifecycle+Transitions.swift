import SimCore

/// The lifecycle's transitions. Each bumps the pod's incarnation where a delayed event about
/// its previous life (detection, cold start) must be ignored from now on.
extension FleetLifecycle {
  /// Whether a delayed event about life `incarnation` of pod `p` still applies, the pod being in `expected`.
  func isCurrent(_ p: Int, incarnation: Int, in expected: PodStatus) -> Bool {
    self.incarnation[p] == incarnation && status[p] == expected
  }

  /// Pod `p` crashes. Returns its new incarnation, for the routers' and the sharder's delayed
  /// detection, or nil when it was draining (both had already stopped counting on it).
  mutating func crash(_ p: Int) -> Int? {
    let wasDraining = status[p] == .draining
    status[p] = .down
    incarnation[p] += 1
    return wasDraining ? nil : incarnation[p]
  }

  /// Pod `p` becomes live at `now`: routable, and a healthy resource for the sharder.
  mutating func join(_ p: Int, at now: SimInstant) {
    status[p] = .live
    incarnation[p] += 1
    sharderHealthy[p] = true
    joinedAt[p] = now
  }

  /// A new pod id `p` (appended absent) is ordered; returns the incarnation its cold start ends.
  mutating func order(_ p: Int) -> Int {
    status[p] = .starting
    incarnation[p] += 1
    return incarnation[p]
  }

  /// Pod `p` stops taking requests and leaves the sharder's healthy set. Returns true when it
  /// left at once (it was still in cold start, with nothing to finish).
  mutating func startDrain(_ p: Int) -> Bool {
    let wasStarting = status[p] == .starting
    status[p] = .draining
    incarnation[p] += 1
    sharderHealthy[p] = false
    if wasStarting { status[p] = .left }
    return wasStarting
  }

  /// A draining pod with nothing left to run (`idle`) leaves; returns whether it did.
  mutating func leaveIfDrained(_ p: Int, idle: Bool) -> Bool {
    guard status[p] == .draining, idle else { return false }
    status[p] = .left
    return true
  }

  /// The pod a scale-down drains: the live pod with the least in-flight MU (the highest id on
  /// ties, so the original fleet stays); a pod still in cold start if no pod is live.
  func podToRetire(inFlightMU: (Int) -> Double) -> Int? {
    var chosen: (pod: Int, mu: Double)?
    for p in status.indices where status[p] == .live {
      let mu = inFlightMU(p)
      if let best = chosen, mu > best.mu { continue }
      chosen = (p, mu)
    }
    return chosen?.pod ?? status.indices.last { status[$0] == .starting }
  }
}
