import Measurements

extension MarkdownReport {
  /// Tenants shown per policy in the admission table.
  static let admissionTenantRows = 15

  /// "Admission": what contracts refused, queued and sent to best effort, per policy and tenant.
  static func admissionSection(_ report: ReplayReport) -> String {
    let runs = report.runs.filter { $0.admission != nil }
    guard !runs.isEmpty else { return "" }
    var out = "\n## Admission\n\n"
    out += "Requests are admitted by MU/min contract: from the tenant's reserved bucket, else from the shared "
    out += "best-effort pool, else refused (or queued). MU are estimates at admission reconciled with the actual cost.\n\n"
    let worst = runs.compactMap { run in run.admission?.worstTenant.map { (run.policy, $0) } }
      .max { $0.1.rejected != $1.1.rejected ? $0.1.rejected < $1.1.rejected : $0.0 > $1.0 }
    if let (policy, tenant) = worst {
      out += "Most refused tenant: **\(MarkdownText.escaped(tenant.name))** under **\(policy)**, \(NumberFormat.grouped(tenant.rejected)) of "
      out += "\(NumberFormat.grouped(tenant.offered)) requests (\(NumberFormat.percent(tenant.rejectRate, 1))), "
      out += "retry-after p99 \(NumberFormat.grouped(tenant.retryAfter.percentileMillis(99), 0)) ms.\n\n"
    } else {
      out += "No request was refused.\n\n"
    }
    out += "| policy | refused | refuse rate | refused MU | queued | queue mean / max ms | reserved MU | best-effort MU | best-effort share |\n"
    out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for run in runs {
      guard let a = run.admission else { continue }
      out += "| \(run.policy) | \(NumberFormat.grouped(a.rejected)) | "
      out += "\(NumberFormat.percent(Double(a.rejected) / Double(max(a.offered, 1)), 2)) | \(NumberFormat.grouped(a.rejectedMU, 1)) | "
      out += "\(NumberFormat.grouped(a.queued)) | \(NumberFormat.grouped(a.meanQueueWaitMillis, 0)) / \(NumberFormat.grouped(a.maxQueueWaitMillis, 0)) | "
      out += "\(NumberFormat.grouped(a.reservedMU, 1)) | \(NumberFormat.grouped(a.bestEffortMU, 1)) | \(NumberFormat.percent(a.bestEffortShare, 1)) |\n"
    }
    for run in runs {
      guard let a = run.admission else { continue }
      let shown = a.tenants.filter { $0.offered > 0 }
        .sorted { $0.rejected != $1.rejected ? $0.rejected > $1.rejected : ($0.offered != $1.offered ? $0.offered > $1.offered : $0.name < $1.name) }
        .prefix(admissionTenantRows)
      out += "\n### \(run.policy)\n\n"
      out += "| tenant | contract MU/min | requests | reserved | best effort | refused | refuse rate | queued | retry-after p99 ms |\n"
      out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
      for t in shown {
        out += "| \(MarkdownText.escaped(t.name)) | \(t.reservedMUPerMinute.map { NumberFormat.compact($0) } ?? "best effort") | "
        out += "\(NumberFormat.grouped(t.offered)) | \(NumberFormat.grouped(t.admittedReserved)) | \(NumberFormat.grouped(t.admittedBestEffort)) | "
        out += "\(NumberFormat.grouped(t.rejected)) | \(NumberFormat.percent(t.rejectRate, 1)) | \(NumberFormat.grouped(t.queued)) | "
        out += "\(NumberFormat.grouped(t.retryAfter.percentileMillis(99), 0)) |\n"
      }
    }
    return out + "\nEvery tenant's admission columns are in `tenants.csv`.\n"
  }
}
