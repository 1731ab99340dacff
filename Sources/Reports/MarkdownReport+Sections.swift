import Measurements
import SimCore

extension MarkdownReport {
  static func hotspotsSection(_ report: ReplayReport) -> String {
    var out = "## Hotspots\n\n"
    out += "Imbalance is the hottest pod's mean in-flight MU over the fleet mean, per window of "
    out += "\(NumberFormat.fixed(report.runs.first?.pods.requestedWindow.seconds ?? 0, 0)) s (1.00 is perfect balance), over the busy windows "
    out += "within the arrival span: from the first arrival's window to the last arrival's, leaving out windows whose fleet MU is below "
    out += "\(NumberFormat.percent(LoadImbalance.busyShare, 0)) of the busiest one's. The mean weighs each window by its fleet MU; the tail is the p99, "
    out += "or the maximum when fewer than \(LoadImbalance.percentileWindows) windows count. The drain after the last arrival is shown apart. "
    out += "Definition: \(ReportDefinitions.link("hotspots")).\n\n"
    for run in report.runs {
      let imbalance = LoadImbalance(run, sampleInterval: report.sampleInterval)
      out += "### \(run.policy)\n\n"
      if run.pods.widened {
        out += "- Windows widened to \(NumberFormat.grouped(run.pods.window.seconds, 0)) s: the run spans "
        out += "\(NumberFormat.grouped(run.simulatedDuration.seconds, 0)) s, and a report keeps at most "
        out += "\(NumberFormat.grouped(run.pods.maximumWindows)) windows.\n"
      }
      out += "- Imbalance over \(NumberFormat.grouped(imbalance.windows)) busy windows: load-weighted mean \(NumberFormat.fixed(imbalance.mean, 2)), "
      out +=
        imbalance.tailIsMax
        ? "max \(NumberFormat.fixed(imbalance.max, 2)) (fewer than \(LoadImbalance.percentileWindows) windows: no p99).\n"
        : "p99 \(NumberFormat.fixed(imbalance.p99, 2)), max \(NumberFormat.fixed(imbalance.max, 2)).\n"
      if imbalance.idleWindows > 0 || imbalance.drainWindows > 0 {
        out += "- Left out: \(windows(imbalance.idleWindows)) near-idle within the span"
        if imbalance.drainWindows > 0 {
          out += "; \(windows(imbalance.drainWindows)) of drain after the last arrival (max \(NumberFormat.fixed(imbalance.drainMax, 2)))"
        }
        out += ".\n"
      }
      if let pod = imbalance.hottestPod, let window = imbalance.hottestWindow {
        out += "- Hottest: pod \(pod.rawValue) in the window starting at \(NumberFormat.grouped(run.pods.windowStart(window).seconds, 0)) s, "
        out += "\(NumberFormat.fixed(imbalance.hottestMU, 1)) MU in flight on average "
        out += "(\(NumberFormat.percent(imbalance.hottestMU / max(report.podCapacityMU, 1e-9), 0)) of a pod's capacity); "
        out += "\(NumberFormat.grouped(imbalance.podSecondsAbove90, 0)) pod-seconds above 90% of capacity in all.\n"
      }
      out += PhaseBoundPods(run.pods, sampleInterval: report.sampleInterval).markdownLine
      out += "\n![MU load heatmap for \(run.policy)](\(ReportCharts.heatmapName(run.policy)))\n\n"
      out += topPodsTable(run)
    }
    return out
  }

  /// `1 window`, `59 windows`.
  static func windows(_ count: Int) -> String { "\(NumberFormat.grouped(count)) window\(count == 1 ? "" : "s")" }

  /// The five pods that carried the most MU over the run.
  static func topPodsTable(_ run: PolicyMetrics) -> String {
    guard let width = run.pods.cells.map(\.count).max(), width > 0 else { return "" }
    var totals = (0..<width).map { (pod: $0, mu: 0.0, completed: 0, input: 0, cached: 0) }
    for row in run.pods.cells {
      for (p, cell) in row.enumerated() {
        totals[p].mu += cell.meanMU
        totals[p].completed += cell.completed
        totals[p].input += cell.inputTokens
        totals[p].cached += cell.cachedTokens
      }
    }
    let windows = Double(max(run.pods.cells.count, 1))
    let top = totals.sorted { $0.mu != $1.mu ? $0.mu > $1.mu : $0.pod < $1.pod }.prefix(5)
    var out = "| pod | mean MU in flight | completed | cache hit |\n|---:|---:|---:|---:|\n"
    for t in top {
      let hit = t.input > 0 ? Double(t.cached) / Double(t.input) : 0
      out += "| \(t.pod) | \(NumberFormat.fixed(t.mu / windows, 2)) | \(NumberFormat.grouped(t.completed)) | \(NumberFormat.percent(hit)) |\n"
    }
    return out + "\n"
  }

  static func spillSection(_ report: ReplayReport) -> String {
    var out = "## Spill-over\n\n"
    guard report.runs.contains(where: { $0.spilled > 0 }) else {
      return out + "No request left its preferred pods under any policy.\n\n"
    }
    out += "![Spills per window](\(ReportCharts.spillTimelineName))\n\n"
    out += "| policy | spilled | rate | reasons | cache tokens lost to spills | top tenants by spills |\n|---|---:|---:|---|---:|---|\n"
    for run in report.runs {
      let reasons = run.spilledByReason.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \(NumberFormat.grouped($0.value))" }
      let tenants = run.tenants.filter { $0.spilled > 0 }.sorted { $0.spilled != $1.spilled ? $0.spilled > $1.spilled : $0.name < $1.name }
        .prefix(3).map { "\(MarkdownText.escaped($0.name)) \(NumberFormat.grouped($0.spilled))" }
      out += "| \(run.policy) | \(NumberFormat.grouped(run.spilled)) | \(NumberFormat.percent(Double(run.spilled) / Double(max(run.offered, 1)), 2)) | "
      out += "\(reasons.isEmpty ? "-" : reasons.joined(separator: ", ")) | \(NumberFormat.grouped(Int(run.cacheTokensLostToSpills.rounded()))) | "
      out += "\(tenants.isEmpty ? "-" : tenants.joined(separator: ", ")) |\n"
    }
    return out + "\nEvery spill decision (time, key, tenant, subset, chosen pod, reason) is in `spills.csv`.\n\n"
  }

  static func cacheSection(_ report: ReplayReport) -> String {
    var out = "## Cache locality\n\n"
    out += "| policy | hit rate | prefill tokens saved | best pod | worst pod | key moves | hit after a move | hit staying |\n"
    out += "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for run in report.runs {
      var perPod: [(pod: Int, input: Int, cached: Int)] = []
      for row in run.pods.cells {
        for (p, cell) in row.enumerated() {
          if p >= perPod.count { perPod.append((p, 0, 0)) }
          perPod[p].input += cell.inputTokens
          perPod[p].cached += cell.cachedTokens
        }
      }
      let rates = perPod.filter { $0.input > 0 }.map { (pod: $0.pod, rate: Double($0.cached) / Double($0.input)) }
      let best = rates.max { $0.rate != $1.rate ? $0.rate < $1.rate : $0.pod > $1.pod }
      let worst = rates.min { $0.rate != $1.rate ? $0.rate < $1.rate : $0.pod < $1.pod }
      out += "| \(run.policy) | \(NumberFormat.percent(run.cacheHitRate)) | \(NumberFormat.grouped(run.cachedTokens)) | "
      out += best.map { "pod \($0.pod): \(NumberFormat.percent($0.rate))" } ?? "-"
      out += " | " + (worst.map { "pod \($0.pod): \(NumberFormat.percent($0.rate))" } ?? "-")
      let returning = run.movedCompleted + run.stayedCompleted
      let moveShare = returning > 0 ? Double(run.movedCompleted) / Double(returning) : 0
      func rate(_ cached: Int, _ input: Int) -> String { input > 0 ? NumberFormat.percent(Double(cached) / Double(input)) : "-" }
      out += " | \(NumberFormat.grouped(run.movedCompleted)) (\(NumberFormat.percent(moveShare)))"
      out += " | \(rate(run.movedCachedTokens, run.movedInputTokens)) | \(rate(run.stayedCachedTokens, run.stayedInputTokens)) |\n"
    }
    out += "\nA key move is a request whose shard key's previous request ran on another pod (a spill, a reassignment, "
    out += "a crashed, drained or new pod, or the router's own choice): the cache it had warmed is out of reach.\n"
    let tenantRuns = report.runs.filter { $0.tenants.filter { $0.offered > 0 }.count > 1 }
    if let first = tenantRuns.first {
      let top = first.tenants.filter { $0.offered > 0 }.sorted { $0.offered != $1.offered ? $0.offered > $1.offered : $0.name < $1.name }.prefix(10)
      out += "\nHit rate of the ten busiest tenants:\n\n| tenant | requests | " + tenantRuns.map(\.policy).joined(separator: " | ") + " |\n"
      out += "|---|---:|" + tenantRuns.map { _ in "---:" }.joined(separator: "|") + "|\n"
      for tenant in top {
        let rates = tenantRuns.map { run in
          run.tenants.first { $0.name == tenant.name }.map { NumberFormat.percent($0.hitRate) } ?? "-"
        }
        out += "| \(MarkdownText.escaped(tenant.name)) | \(NumberFormat.grouped(tenant.offered)) | " + rates.joined(separator: " | ") + " |\n"
      }
      let active = first.tenants.filter { $0.offered > 0 }.count
      if active > TenantRows.limit {
        out += "\n`tenants.csv` lists the \(NumberFormat.grouped(TenantRows.limit)) busiest of \(NumberFormat.grouped(active)) tenants "
        out += "and sums the other \(NumberFormat.grouped(active - TenantRows.limit)) in one row per policy.\n"
      } else {
        out += "\nEvery tenant is in `tenants.csv`.\n"
      }
    }
    return out + "\n"
  }

  static func latencySection(_ report: ReplayReport) -> String {
    var out = "## Latency\n\n![TTFT CDF per policy](\(ReportCharts.latencyCDFName))\n\n"
    for run in report.runs {
      out +=
        "- **\(run.policy)** (ms): " + latencyLine("TTFT", run.ttft.summary) + "; " + latencyLine("TPOT", run.tpot.summary)
        + "; " + latencyLine("E2E", run.e2e.summary) + "; " + latencyLine("queueing", run.queueing.summary)
        + "; \(NumberFormat.grouped(run.preemptions)) preemptions"
        + (run.e2e.clamped > 0 ? "; \(NumberFormat.grouped(run.e2e.clamped)) requests beyond 24 h (percentiles among them read as 24 h)" : "") + ".\n"
    }
    out += "\nLatencies are over completed requests; means and maxima are exact, percentiles come from a histogram of 3 significant digits "
    out += "bounded at 24 h. The sweep's TTFT p99 over all offered counts rejected and lost requests as slower than any "
    out += "(`ttft_p99_all_ms`, \(ReportDefinitions.link("latency", text: "definitions")))."
    return out + "\n\n"
  }

  static func shardingSection(_ report: ReplayReport) -> String {
    let sharded = report.runs.filter { $0.sharding != nil }
    guard !sharded.isEmpty else { return "" }
    var out = "## Sharding and churn\n\n| policy | subset size | generations | rebalances | mean key space moved | sampled keys moved | misdirected |\n"
    out += "|---|---|---:|---:|---:|---:|---:|\n"
    for run in sharded {
      guard let s = run.sharding else { continue }
      out += "| \(run.policy) | \(s.minReplicas == s.maxReplicas ? "\(s.minReplicas)" : "\(s.minReplicas)-\(s.maxReplicas)") | "
      out += "\(s.generations.count) | \(s.rebalances.count) | \(NumberFormat.percent(s.meanChurn, 2)) | \(NumberFormat.grouped(s.keysMoved)) | "
      out += "\(NumberFormat.grouped(s.misdirected)) |\n"
    }
    return out + "\nEach generation is in `generations.csv`.\n\n"
  }

  static func blastSection(_ report: ReplayReport) -> String {
    var out = "## Blast radius\n\n"
    out += "For each pod, the share of sampled keys, of their load and of tenants it served over the run: what its failure would touch. "
    out += "For subset policies, the subset load share is the load whose key subset included the pod when it arrived, over the run "
    out += "(\(ReportDefinitions.link("blast-radius", text: "definitions"))).\n\n"
    // Max tenant share is 100% whenever one pod served some request of every tenant, which any
    // spreading policy does on a long log: shown only when it tells policies apart.
    let tenantShares = report.runs.map { $0.servedBlastRadius.map(\.tenantShare).max() ?? 0 }
    let showTenants = tenantShares.contains { $0 < 0.9995 }
    out += "| policy | max key share | mean key share | max load share | " + (showTenants ? "max tenant share | " : "")
    out += "subset max load share |\n|---|---:|---:|---:|" + (showTenants ? "---:|" : "") + "---:|\n"
    for (run, tenantShare) in zip(report.runs, tenantShares) {
      let served = run.servedBlastRadius
      let mean = served.isEmpty ? 0 : served.map(\.keyShare).reduce(0, +) / Double(served.count)
      out += "| \(run.policy) | \(NumberFormat.percent(served.map(\.keyShare).max() ?? 0)) | \(NumberFormat.percent(mean)) | "
      out += "\(NumberFormat.percent(served.map(\.loadShare).max() ?? 0)) | " + (showTenants ? "\(NumberFormat.percent(tenantShare)) | " : "")
      out += (run.sharding.map { NumberFormat.percent($0.maxBlastLoadShare) } ?? "-") + " |\n"
    }
    if !showTenants && !report.runs.isEmpty {
      out += "\nMax tenant share is left out: under every policy some pod served every tenant, so it is 100% and tells nothing apart "
      out += "(per pod in `blast.csv`).\n"
    }
    return out + "\nPer pod in `blast.csv`.\n"
  }
}
