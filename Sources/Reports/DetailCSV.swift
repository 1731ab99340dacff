import Measurements

/// The long-format detail files beside `summary.csv`.
public enum DetailCSV {
  /// `tenants.csv`: per policy and tenant, the busiest `TenantRows.listed` tenants in order of
  /// first appearance, then one row summing the others.
  public static func tenants(_ report: ReplayReport) -> String {
    let hasAdmission = report.runs.contains { $0.admission != nil }
    var table = CSVTable(
      header: [
        "policy", "tenant", "offered", "completed", "rejected", "spilled", "input_tokens", "cached_tokens",
        "hit_rate", "ttft_p50_ms", "ttft_p99_ms",
      ] + (hasAdmission ? AdmissionColumns.tenantHeader : []))
    for run in report.runs {
      let rows = TenantRows(run.tenants)
      for id in rows.listed {
        let tenant = run.tenants[id]
        table.appendRow(tenantCells(run.policy, tenant) + AdmissionColumns.tenantCells(run, tenant: id))
      }
      guard let others = rows.others else { continue }
      table.appendRow(
        tenantCells(run.policy, others)
          + (hasAdmission ? AdmissionColumns.tenantHeader.map { _ in "" } : []))
    }
    return table.contents
  }

  static func tenantCells(_ policy: String, _ tenant: TenantMetrics) -> [String] {
    [
      policy, tenant.name, String(tenant.offered), String(tenant.completed), String(tenant.rejected),
      String(tenant.spilled), String(tenant.inputTokens), String(tenant.cachedTokens),
      NumberFormat.compact(tenant.hitRate, maxDigits: 4), NumberFormat.compact(tenant.ttft.percentileMillis(50), maxDigits: 3),
      NumberFormat.compact(tenant.ttft.percentileMillis(99), maxDigits: 3),
    ]
  }

  /// `spills.csv`: every recorded spill decision (the first 100,000 per policy).
  public static func spills(_ report: ReplayReport) -> String {
    var table = CSVTable(header: ["policy", "time_s", "key", "tenant", "subset", "chosen_pod", "reason"])
    for run in report.runs {
      for spill in run.spillRecords {
        table.appendRow([
          run.policy, NumberFormat.compact(spill.time.seconds, maxDigits: 3), hex(spill.key), spill.tenant,
          spill.subset.map { String($0.rawValue) }.joined(separator: " "), spill.chosenPod.map { String($0.rawValue) } ?? "",
          spill.reason,
        ])
      }
    }
    return table.contents
  }

  /// `generations.csv`: every sharder assignment generation and what it moved.
  public static func generations(_ report: ReplayReport) -> String {
    var table = CSVTable(header: [
      "policy", "generation", "time_s", "reason", "keyspace_changed", "slices_moved", "keys_moved", "keys_sampled",
      "slice_replicas",
    ])
    for run in report.runs {
      for g in run.sharding?.generations ?? [] {
        table.appendRow([
          run.policy, String(g.generation), NumberFormat.compact(g.time.seconds, maxDigits: 3), g.reason,
          NumberFormat.compact(g.keySpaceChanged), String(g.slicesMoved), String(g.keysMoved), String(g.keysSampled),
          String(g.sliceReplicas),
        ])
      }
    }
    return table.contents
  }

  /// `blast.csv`: per policy and pod, what a failure of the pod touches.
  public static func blast(_ report: ReplayReport) -> String {
    var table = CSVTable(header: [
      "policy", "pod", "served_key_share", "served_load_share", "served_tenant_share", "subset_keyspace_share",
      "subset_load_share", "subset_key_share", "subset_tenant_share",
    ])
    for run in report.runs {
      let subset = run.sharding?.blastRadius ?? []
      for served in run.servedBlastRadius {
        let s = subset.first { $0.pod == served.pod }
        table.appendRow([
          run.policy, String(served.pod.rawValue), NumberFormat.compact(served.keyShare),
          NumberFormat.compact(served.loadShare), NumberFormat.compact(served.tenantShare),
          s.map { NumberFormat.compact($0.keySpaceShare) } ?? "", s.map { NumberFormat.compact($0.loadShare) } ?? "",
          s.map { NumberFormat.compact($0.keyShare) } ?? "", s.map { NumberFormat.compact($0.tenantShare) } ?? "",
        ])
      }
    }
    return table.contents
  }

  /// A 64-bit key as 16 lowercase hex digits.
  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
