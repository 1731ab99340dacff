import Measurements

extension SummaryMetrics {
  /// Admission-by-contract columns; present only when the replay ran with contracts, so that
  /// reports without contracts keep their columns.
  static func admissionMetrics(of run: PolicyMetrics) -> [SummaryMetric] {
    guard let admission = run.admission else { return [] }
    let offered = Double(max(admission.offered, 1))
    return [
      SummaryMetric(.admissionRejects, Double(admission.rejected), digits: 0),
      SummaryMetric(.admissionRejectRate, Double(admission.rejected) / offered, digits: 4),
      SummaryMetric(.admissionRejectedMu, admission.rejectedMU, digits: 1),
      SummaryMetric(.admissionRetryAfterP99Ms, admission.retryAfter.percentileMillis(99), digits: 1),
      SummaryMetric(.admissionQueued, Double(admission.queued), digits: 0),
      SummaryMetric(.admissionQueueMeanMs, admission.meanQueueWaitMillis, digits: 1),
      SummaryMetric(.admissionQueueMaxMs, admission.maxQueueWaitMillis, digits: 1),
      SummaryMetric(.reservedMu, admission.reservedMU, digits: 1),
      SummaryMetric(.bestEffortMu, admission.bestEffortMU, digits: 1),
      SummaryMetric(.bestEffortShare, admission.bestEffortShare, digits: 4),
    ]
  }
}

/// The admission columns of `tenants.csv`.
enum AdmissionColumns {
  static let tenantHeader = [
    "reserved_mu_per_min", "admitted_reserved", "admitted_best_effort", "reserved_mu", "best_effort_mu",
    "admission_rejects", "admission_rejected_mu", "admission_queued", "queue_mean_ms", "queue_max_ms",
    "retry_after_p99_ms",
  ]

  /// Cells of tenant `id` of `run` (empty when the run had no contracts).
  static func tenantCells(_ run: PolicyMetrics, tenant id: Int) -> [String] {
    guard let admission = run.admission else { return [] }
    guard id < admission.tenants.count else { return tenantHeader.map { _ in "" } }
    let t = admission.tenants[id]
    return [
      t.reservedMUPerMinute.map { NumberFormat.compact($0) } ?? "", String(t.admittedReserved),
      String(t.admittedBestEffort), NumberFormat.compact(t.reservedMU, maxDigits: 3),
      NumberFormat.compact(t.bestEffortMU, maxDigits: 3), String(t.rejected),
      NumberFormat.compact(t.rejectedMU, maxDigits: 3), String(t.queued),
      NumberFormat.compact(t.meanQueueWaitMillis, maxDigits: 3), NumberFormat.compact(t.maxQueueWaitMillis, maxDigits: 3),
      NumberFormat.compact(t.retryAfter.percentileMillis(99), maxDigits: 3),
    ]
  }
}
