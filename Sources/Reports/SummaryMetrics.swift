import Measurements
import SimCore

/// The summary metrics of one policy run, in their fixed column order.
public enum SummaryMetrics {
  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
  }

  /// Metrics of `run`; `sampleInterval` is the load-report interval the replay sampled at.
  public static func metrics(of run: PolicyMetrics, sampleInterval: SimDuration) -> [SummaryMetric] {
    let imbalance = LoadImbalance(run, sampleInterval: sampleInterval)
    let offered = Double(max(run.offered, 1))
    let routingRejected = max(0, run.rejected - run.oversized)
    // Everyone offered but the oversized: a routing reject or a lost request never got a token.
    let population = max(run.completed, run.offered - run.oversized)
    let ttft = run.ttft.summary
    let tpot = run.tpot.summary
    let e2e = run.e2e.summary
    let queueing = run.queueing.summary
    return [
      SummaryMetric(.requests, Double(run.offered), digits: 0),
      SummaryMetric(.completed, Double(run.completed), digits: 0),
      SummaryMetric(.rejected, Double(run.rejected), digits: 0),
      SummaryMetric(.rejectRate, Double(run.rejected) / offered, digits: 4),
      SummaryMetric(.rejectedOversized, Double(run.oversized), digits: 0),
      SummaryMetric(.rejectedOverload, Double(run.rejectedOverload), digits: 0),
      SummaryMetric(.spilled, Double(run.spilled), digits: 0),
      SummaryMetric(.spillRate, Double(run.spilled) / offered, digits: 4),
      SummaryMetric(.held, Double(run.held), digits: 0),
      SummaryMetric(.lost, Double(run.lost), digits: 0),
      SummaryMetric(.routingRejected, Double(routingRejected), digits: 0),
      SummaryMetric(.routingRejectRate, Double(routingRejected) / offered, digits: 4),
      SummaryMetric(.ttftP50Ms, ttft.p50, digits: 1),
      SummaryMetric(.ttftP90Ms, ttft.p90, digits: 1),
      SummaryMetric(.ttftP99Ms, ttft.p99, digits: 1),
      SummaryMetric(.ttftMeanMs, ttft.mean, digits: 1),
      SummaryMetric(.ttftP99AllMs, run.ttft.percentileMillis(99, population: population), digits: 1),
      SummaryMetric(.latenciesClamped, Double(run.e2e.clamped), digits: 0),
      SummaryMetric(.tpotP50Ms, tpot.p50, digits: 2),
      SummaryMetric(.tpotP90Ms, tpot.p90, digits: 2),
      SummaryMetric(.tpotP99Ms, tpot.p99, digits: 2),
      SummaryMetric(.e2eP50Ms, e2e.p50, digits: 1),
      SummaryMetric(.e2eP90Ms, e2e.p90, digits: 1),
      SummaryMetric(.e2eP99Ms, e2e.p99, digits: 1),
      SummaryMetric(.queueP50Ms, queueing.p50, digits: 1),
      SummaryMetric(.queueP99Ms, queueing.p99, digits: 1),
      SummaryMetric(.cacheHitRate, run.cacheHitRate, digits: 4),
      SummaryMetric(.keyMoves, Double(run.movedCompleted), digits: 0),
      SummaryMetric(.keyMoveRate, ratio(run.movedCompleted, run.movedCompleted + run.stayedCompleted), digits: 4),
      SummaryMetric(.movedHitRate, ratio(run.movedCachedTokens, run.movedInputTokens), digits: 4),
      SummaryMetric(.stayedHitRate, ratio(run.stayedCachedTokens, run.stayedInputTokens), digits: 4),
      SummaryMetric(.inputTokens, Double(run.inputTokens), digits: 0),
      SummaryMetric(.cachedTokens, Double(run.cachedTokens), digits: 0),
      SummaryMetric(.outputTokens, Double(run.outputTokens), digits: 0),
      SummaryMetric(.completedMu, run.completedMU, digits: 1),
      SummaryMetric(.imbalanceMean, imbalance.mean, digits: 3),
      SummaryMetric(.imbalanceP99, imbalance.p99, digits: 3),
      SummaryMetric(.imbalanceMax, imbalance.max, digits: 3),
      SummaryMetric(.imbalanceWindows, Double(imbalance.windows), digits: 0),
      SummaryMetric(.imbalanceDrainMax, imbalance.drainMax, digits: 3),
      SummaryMetric(.hottestPod, Double(imbalance.hottestPod?.rawValue ?? -1), digits: 0),
      SummaryMetric(
        .hottestWindowStartS,
        imbalance.hottestWindow.map { run.pods.windowStart($0).seconds } ?? 0, digits: 0),
      SummaryMetric(.hottestPodMu, imbalance.hottestMU, digits: 2),
      SummaryMetric(.podSecondsAbove90pct, imbalance.podSecondsAbove90, digits: 0),
      SummaryMetric(.preemptions, Double(run.preemptions), digits: 0),
      SummaryMetric(.blastMaxKeyShare, run.servedBlastRadius.map(\.keyShare).max() ?? 0, digits: 4),
      SummaryMetric(.blastMeanKeyShare, mean(run.servedBlastRadius.map(\.keyShare)), digits: 4),
      SummaryMetric(.blastMaxLoadShare, run.servedBlastRadius.map(\.loadShare).max() ?? 0, digits: 4),
      SummaryMetric(.blastMaxTenantShare, run.servedBlastRadius.map(\.tenantShare).max() ?? 0, digits: 4),
      SummaryMetric(.subsetBlastMaxLoadShare, run.sharding?.maxBlastLoadShare ?? 0, digits: 4),
      // What one pod's failure can touch: the load whose subset includes it for subset
      // policies, the load it served for the others (whose "subset" is the whole fleet).
      SummaryMetric(.blastRadius, run.sharding?.maxBlastLoadShare ?? (run.servedBlastRadius.map(\.loadShare).max() ?? 0), digits: 4),
      SummaryMetric(.churnRebalances, Double(run.sharding?.rebalances.count ?? 0), digits: 0),
      SummaryMetric(.churnMeanKeyspaceShare, run.sharding?.meanChurn ?? 0, digits: 4),
      SummaryMetric(.churnKeysMoved, Double(run.sharding?.keysMoved ?? 0), digits: 0),
      SummaryMetric(.misdirected, Double(run.sharding?.misdirected ?? 0), digits: 0),
      SummaryMetric(.shardKeyFallbacks, Double(run.sharding?.keyFallbacks ?? 0), digits: 0),
      SummaryMetric(.simulatedSeconds, run.simulatedDuration.seconds, digits: 1),
    ] + fleetMetrics(of: run) + overloadMetrics(of: run) + admissionMetrics(of: run)
  }

  /// Offered MU against the fleet's capacity, and whether the backlog outgrew the fleet.
  static func overloadMetrics(of run: PolicyMetrics) -> [SummaryMetric] {
    let analysis = run.overload
    return [
      SummaryMetric(.overloaded, analysis?.overloaded == true ? 1 : 0, digits: 0),
      SummaryMetric(.windowsOverCapacityShare, analysis?.overCapacityShare ?? 0, digits: 4),
      SummaryMetric(.peakOfferedMuPerMin, analysis?.peakOfferedMUPerMinute ?? 0, digits: 1),
      SummaryMetric(.podsNeededAtPeak, Double(analysis?.podsNeededAtPeak ?? 0), digits: 0),
      SummaryMetric(.drainSeconds, analysis?.drainSeconds ?? 0, digits: 1),
    ]
  }
}

extension SummaryMetrics {
  /// Every metric name, in column order (for parsing `--fail-if`).
  public static var names: [String] { names(withAdmission: true) }

  /// The metric names of a run, which has the admission columns only when it has contracts.
  public static func names(withAdmission: Bool) -> [String] {
    var every = PolicyMetrics(policy: "", podCount: 1, window: .seconds(1))
    if withAdmission { every.admission = AdmissionMetrics() }
    return metrics(of: every, sampleInterval: .seconds(1)).map(\.name)
  }
}

/// `part / whole`, 0 when there is nothing to divide.
private func ratio(_ part: Int, _ whole: Int) -> Double {
  whole > 0 ? Double(part) / Double(whole) : 0
}
