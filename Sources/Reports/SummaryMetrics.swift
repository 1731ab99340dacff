import Measurements
import SimCore

/// One named number of a policy's summary, as it appears in `summary.csv` and thresholds.
public struct SummaryMetric: Sendable, Equatable {
  /// Stable snake_case column name (documented in docs/reports.md).
  public var name: String
  public var value: Double
  /// Decimals shown in human tables (CSV prints up to six, trailing zeros dropped).
  public var digits: Int

  public init(_ name: String, _ value: Double, digits: Int = 3) {
    self.name = name
    self.value = value
    self.digits = digits
  }
}

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
      SummaryMetric("requests", Double(run.offered), digits: 0),
      SummaryMetric("completed", Double(run.completed), digits: 0),
      SummaryMetric("rejected", Double(run.rejected), digits: 0),
      SummaryMetric("reject_rate", Double(run.rejected) / offered, digits: 4),
      SummaryMetric("rejected_oversized", Double(run.oversized), digits: 0),
      SummaryMetric("rejected_overload", Double(run.rejectedOverload), digits: 0),
      SummaryMetric("spilled", Double(run.spilled), digits: 0),
      SummaryMetric("spill_rate", Double(run.spilled) / offered, digits: 4),
      SummaryMetric("held", Double(run.held), digits: 0),
      SummaryMetric("lost", Double(run.lost), digits: 0),
      SummaryMetric("routing_rejected", Double(routingRejected), digits: 0),
      SummaryMetric("routing_reject_rate", Double(routingRejected) / offered, digits: 4),
      SummaryMetric("ttft_p50_ms", ttft.p50, digits: 1),
      SummaryMetric("ttft_p90_ms", ttft.p90, digits: 1),
      SummaryMetric("ttft_p99_ms", ttft.p99, digits: 1),
      SummaryMetric("ttft_mean_ms", ttft.mean, digits: 1),
      SummaryMetric("ttft_p99_all_ms", run.ttft.percentileMillis(99, population: population), digits: 1),
      SummaryMetric("latencies_clamped", Double(run.e2e.clamped), digits: 0),
      SummaryMetric("tpot_p50_ms", tpot.p50, digits: 2),
      SummaryMetric("tpot_p90_ms", tpot.p90, digits: 2),
      SummaryMetric("tpot_p99_ms", tpot.p99, digits: 2),
      SummaryMetric("e2e_p50_ms", e2e.p50, digits: 1),
      SummaryMetric("e2e_p90_ms", e2e.p90, digits: 1),
      SummaryMetric("e2e_p99_ms", e2e.p99, digits: 1),
      SummaryMetric("queue_p50_ms", queueing.p50, digits: 1),
      SummaryMetric("queue_p99_ms", queueing.p99, digits: 1),
      SummaryMetric("cache_hit_rate", run.cacheHitRate, digits: 4),
      SummaryMetric("key_moves", Double(run.movedCompleted), digits: 0),
      SummaryMetric("key_move_rate", ratio(run.movedCompleted, run.movedCompleted + run.stayedCompleted), digits: 4),
      SummaryMetric("moved_hit_rate", ratio(run.movedCachedTokens, run.movedInputTokens), digits: 4),
      SummaryMetric("stayed_hit_rate", ratio(run.stayedCachedTokens, run.stayedInputTokens), digits: 4),
      SummaryMetric("input_tokens", Double(run.inputTokens), digits: 0),
      SummaryMetric("cached_tokens", Double(run.cachedTokens), digits: 0),
      SummaryMetric("output_tokens", Double(run.outputTokens), digits: 0),
      SummaryMetric("completed_mu", run.completedMU, digits: 1),
      SummaryMetric("imbalance_mean", imbalance.mean, digits: 3),
      SummaryMetric("imbalance_p99", imbalance.p99, digits: 3),
      SummaryMetric("imbalance_max", imbalance.max, digits: 3),
      SummaryMetric("imbalance_windows", Double(imbalance.windows), digits: 0),
      SummaryMetric("imbalance_drain_max", imbalance.drainMax, digits: 3),
      SummaryMetric("hottest_pod", Double(imbalance.hottestPod?.rawValue ?? -1), digits: 0),
      SummaryMetric(
        "hottest_window_start_s",
        imbalance.hottestWindow.map { run.pods.windowStart($0).seconds } ?? 0, digits: 0),
      SummaryMetric("hottest_pod_mu", imbalance.hottestMU, digits: 2),
      SummaryMetric("pod_seconds_above_90pct", imbalance.podSecondsAbove90, digits: 0),
      SummaryMetric("preemptions", Double(run.preemptions), digits: 0),
      SummaryMetric("blast_max_key_share", run.servedBlastRadius.map(\.keyShare).max() ?? 0, digits: 4),
      SummaryMetric("blast_mean_key_share", mean(run.servedBlastRadius.map(\.keyShare)), digits: 4),
      SummaryMetric("blast_max_load_share", run.servedBlastRadius.map(\.loadShare).max() ?? 0, digits: 4),
      SummaryMetric("blast_max_tenant_share", run.servedBlastRadius.map(\.tenantShare).max() ?? 0, digits: 4),
      SummaryMetric("subset_blast_max_load_share", run.sharding?.maxBlastLoadShare ?? 0, digits: 4),
      // What one pod's failure can touch: the load whose subset includes it for subset
      // policies, the load it served for the others (whose "subset" is the whole fleet).
      SummaryMetric("blast_radius", run.sharding?.maxBlastLoadShare ?? (run.servedBlastRadius.map(\.loadShare).max() ?? 0), digits: 4),
      SummaryMetric("churn_rebalances", Double(run.sharding?.rebalances.count ?? 0), digits: 0),
      SummaryMetric("churn_mean_keyspace_share", run.sharding?.meanChurn ?? 0, digits: 4),
      SummaryMetric("churn_keys_moved", Double(run.sharding?.keysMoved ?? 0), digits: 0),
      SummaryMetric("misdirected", Double(run.sharding?.misdirected ?? 0), digits: 0),
      SummaryMetric("shard_key_fallbacks", Double(run.sharding?.keyFallbacks ?? 0), digits: 0),
      SummaryMetric("simulated_seconds", run.simulatedDuration.seconds, digits: 1),
    ] + fleetMetrics(of: run) + overloadMetrics(of: run) + admissionMetrics(of: run)
  }

  /// Offered MU against the fleet's capacity, and whether the backlog outgrew the fleet.
  static func overloadMetrics(of run: PolicyMetrics) -> [SummaryMetric] {
    let analysis = run.overload
    return [
      SummaryMetric("overloaded", analysis?.overloaded == true ? 1 : 0, digits: 0),
      SummaryMetric("windows_over_capacity_share", analysis?.overCapacityShare ?? 0, digits: 4),
      SummaryMetric("peak_offered_mu_per_min", analysis?.peakOfferedMUPerMinute ?? 0, digits: 1),
      SummaryMetric("pods_needed_at_peak", Double(analysis?.podsNeededAtPeak ?? 0), digits: 0),
      SummaryMetric("drain_seconds", analysis?.drainSeconds ?? 0, digits: 1),
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
