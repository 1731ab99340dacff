/// The name of one summary metric: a `summary.csv` column, a `--fail-if` metric, what reports look up.
///
/// Typed so that report code naming a metric that does not exist fails to compile instead of
/// reading 0. The raw value is the stable column name (docs/reports.md); the column order is
/// `SummaryMetrics.metrics(of:)`'s, not this declaration's.
public enum MetricKey: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case requests
  case completed
  case rejected
  case rejectRate = "reject_rate"
  case rejectedOversized = "rejected_oversized"
  case rejectedOverload = "rejected_overload"
  case spilled
  case spillRate = "spill_rate"
  case held
  case lost
  case routingRejected = "routing_rejected"
  case routingRejectRate = "routing_reject_rate"
  case ttftP50Ms = "ttft_p50_ms"
  case ttftP90Ms = "ttft_p90_ms"
  case ttftP99Ms = "ttft_p99_ms"
  case ttftMeanMs = "ttft_mean_ms"
  case ttftP99AllMs = "ttft_p99_all_ms"
  case latenciesClamped = "latencies_clamped"
  case tpotP50Ms = "tpot_p50_ms"
  case tpotP90Ms = "tpot_p90_ms"
  case tpotP99Ms = "tpot_p99_ms"
  case e2eP50Ms = "e2e_p50_ms"
  case e2eP90Ms = "e2e_p90_ms"
  case e2eP99Ms = "e2e_p99_ms"
  case queueP50Ms = "queue_p50_ms"
  case queueP99Ms = "queue_p99_ms"
  case cacheHitRate = "cache_hit_rate"
  case keyMoves = "key_moves"
  case keyMoveRate = "key_move_rate"
  case movedHitRate = "moved_hit_rate"
  case stayedHitRate = "stayed_hit_rate"
  case inputTokens = "input_tokens"
  case cachedTokens = "cached_tokens"
  case outputTokens = "output_tokens"
  case completedMu = "completed_mu"
  case imbalanceMean = "imbalance_mean"
  case imbalanceP99 = "imbalance_p99"
  case imbalanceMax = "imbalance_max"
  case imbalanceWindows = "imbalance_windows"
  case imbalanceDrainMax = "imbalance_drain_max"
  case hottestPod = "hottest_pod"
  case hottestPodMu = "hottest_pod_mu"
  case podSecondsAbove90pct = "pod_seconds_above_90pct"
  case preemptions
  case blastMaxKeyShare = "blast_max_key_share"
  case blastMeanKeyShare = "blast_mean_key_share"
  case blastMaxLoadShare = "blast_max_load_share"
  case blastMaxTenantShare = "blast_max_tenant_share"
  case subsetBlastMaxLoadShare = "subset_blast_max_load_share"
  case blastRadius = "blast_radius"
  case churnRebalances = "churn_rebalances"
  case churnMeanKeyspaceShare = "churn_mean_keyspace_share"
  case churnKeysMoved = "churn_keys_moved"
  case misdirected
  case shardKeyFallbacks = "shard_key_fallbacks"
  case simulatedSeconds = "simulated_seconds"
  case overloaded
  case windowsOverCapacityShare = "windows_over_capacity_share"
  case peakOfferedMuPerMin = "peak_offered_mu_per_min"
  case podsNeededAtPeak = "pods_needed_at_peak"
  case drainSeconds = "drain_seconds"
  case admissionRejects = "admission_rejects"
  case admissionRejectRate = "admission_reject_rate"
  case admissionRejectedMu = "admission_rejected_mu"
  case admissionRetryAfterP99Ms = "admission_retry_after_p99_ms"
  case admissionQueued = "admission_queued"
  case admissionQueueMeanMs = "admission_queue_mean_ms"
  case admissionQueueMaxMs = "admission_queue_max_ms"
  case reservedMu = "reserved_mu"
  case bestEffortMu = "best_effort_mu"
  case bestEffortShare = "best_effort_share"
  case fleetEvents = "fleet_events"
  case rerouted
  case lostRate = "lost_rate"
  case warmupLost = "warmup_lost"
  case podMinutes = "pod_minutes"
  case peakPods = "peak_pods"
  case fixedPeakPodMinutes = "fixed_peak_pod_minutes"
  case podMinutesSaved = "pod_minutes_saved"
  case scaleUps = "scale_ups"
  case scaleDowns = "scale_downs"
  case newPodHitRate = "new_pod_hit_rate"
  case hottestWindowStartS = "hottest_window_start_s"

  public var description: String { rawValue }
}
