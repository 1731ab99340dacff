import Measurements
import SimCore

/// The top of `report.md`: overload first (it decides how to read everything else), then one
/// sentence per policy against the baseline, the warnings, and what an MU is.
extension MarkdownReport {
  /// The policy the verdict compares against: `--baseline`, else the first policy.
  static func verdictBaseline(_ report: ReplayReport) -> PolicyMetrics? {
    if let name = report.baseline, let run = report.runs.first(where: { $0.policy == name }) { return run }
    return report.runs.first
  }

  /// Overload, verdict, warnings and the MU line.
  static func opening(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    overloadParagraph(report) + verdict(report, metrics: metrics) + warnings(report, metrics: metrics) + muLine(report)
  }

  /// When the fleet could not keep up under some policy: which, why we say so, and then either
  /// the pods the traffic needs at its peak (every policy fell behind) or the policies that kept
  /// up on the same fleet (then the routing, not the fleet's size, made the backlog). Empty
  /// otherwise.
  static func overloadParagraph(_ report: ReplayReport) -> String {
    let analysed = report.runs.compactMap { run in run.overload.map { (run, $0) } }
    let overloaded = analysed.filter { $0.1.overloaded }
    guard let (_, first) = overloaded.first else { return "" }
    let pods = report.runs.first.map { $0.pods.cells.map { $0.filter { $0.samples > 0 }.count }.max() ?? 0 } ?? 0
    let keptUp = analysed.filter { !$0.1.overloaded }.map { "**\($0.0.policy)**" }
    let names = overloaded.map { "**\($0.0.policy)**" }.joined(separator: ", ")
    var out: String
    if keptUp.isEmpty {
      out = "**Overload: the fleet could not keep up** under \(names) (every policy). "
    } else {
      let plain = overloaded.map(\.0.policy).joined(separator: ", ")
      out = "**Overload under \(plain) only: the routing, not the fleet's size.** "
    }
    var evidence: [String] = []
    if first.backlogGrew {
      evidence.append(
        "the requests waiting on pods grew from \(NumberFormat.grouped(first.waitingEarly, first.waitingEarly < 10 ? 1 : 0)) on average in the first quarter of the arrival span to \(NumberFormat.grouped(first.waitingLate, first.waitingLate < 10 ? 1 : 0)) in the last"
      )
    }
    if first.longDrain {
      evidence.append(
        "the fleet took \(duration(first.drainSeconds)) after the last arrival to drain a backlog built over \(duration(first.spanSeconds)) of arrivals")
    }
    let saturationShown = evidence.isEmpty || first.sustainedSaturation
    if saturationShown {
      evidence.append(
        "in \(NumberFormat.grouped(first.windowsSaturated)) of the \(NumberFormat.grouped(first.windowsWithArrivals)) windows with arrivals the offered MU exceeded the fleet's capacity while \(NumberFormat.grouped(first.waitingWhenSaturated, 0)) requests on average waited on the pods"
      )
    }
    out += "Under **\(overloaded[0].0.policy)** " + evidence.joined(separator: ", and ") + ". "
    guard keptUp.isEmpty else {
      out += "\(keptUp.joined(separator: ", ")) kept up with the same \(NumberFormat.grouped(pods)) pods and traffic, "
      out += "so the backlog comes from how \(names) placed requests (see imbalance and blast radius below); "
      out += "more pods are not what this shows. "
      out += overloaded.count == 1 ? "Its latencies measure its backlog. " : "Their latencies measure their backlog. "
      out += "Definition: \(ReportDefinitions.link("overload")).\n\n"
      return out
    }
    if !saturationShown {
      out +=
        "The offered MU (before prefix caching) exceeded the fleet's capacity in \(NumberFormat.percent(first.overCapacityShare)) of the windows with arrivals. "
    }
    out += "At its peak the traffic offers \(NumberFormat.grouped(first.peakOfferedMUPerMinute, 0)) MU per minute (before prefix caching), "
    out += "which needs **\(NumberFormat.grouped(first.podsNeededAtPeak)) pods** (this run has \(NumberFormat.grouped(pods))). "
    out += "Latency rankings below are dominated by the backlog, not by the routing; compare policies on a fleet that keeps up "
    out += "(`--pods`) or on load balance and cache locality. Definition: \(ReportDefinitions.link("overload")).\n\n"
    return out
  }

  /// Seconds as a human duration: `42 s`, `12.5 min`, `3.2 h`, `2.1 days`.
  static func duration(_ seconds: Double) -> String {
    if seconds < 120 { return "\(NumberFormat.fixed(seconds, 0)) s" }
    if seconds < 7_200 { return "\(NumberFormat.fixed(seconds / 60, 1)) min" }
    if seconds < 172_800 { return "\(NumberFormat.fixed(seconds / 3_600, 1)) h" }
    return "\(NumberFormat.grouped(seconds / 86_400, 1)) days"
  }

  /// One sentence per policy against the baseline: cache gained, spill paid, imbalance, p99.
  static func verdict(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    guard let base = verdictBaseline(report), report.runs.count > 1,
      let baseRow = zip(report.runs, metrics).first(where: { $0.0.policy == base.policy })?.1
    else { return "" }
    let tail = imbalanceTailName(report)
    var out = "**Verdict** against **\(base.policy)**"
    out += report.baseline == nil ? " (the first policy; `--baseline` picks another)" : ""
    out += ": \(base.policy) has cache hit \(NumberFormat.percent(value(baseRow, .cacheHitRate))), "
    out += "imbalance \(tail) \(NumberFormat.fixed(value(baseRow, .imbalanceP99), 2)), "
    out += "TTFT p99 \(NumberFormat.grouped(value(baseRow, .ttftP99Ms), 1)) ms.\n\n"
    for (run, row) in zip(report.runs, metrics) where run.policy != base.policy {
      out += "- **\(run.policy)**: " + tradeOff(row, against: baseRow, tail: tail) + "\n"
    }
    return out + "\n"
  }

  /// The trade-off of one policy against the baseline, as one sentence.
  static func tradeOff(_ row: [SummaryMetric], against base: [SummaryMetric], tail: String) -> String {
    let hit = value(row, .cacheHitRate) - value(base, .cacheHitRate)
    var parts: [String] = []
    let points = NumberFormat.fixed(abs(hit) * 100, 1)
    if points == "0.0" {
      parts.append("the same cache hit rate (\(NumberFormat.percent(value(row, .cacheHitRate))))")
    } else {
      parts.append("\(hit > 0 ? "gains" : "loses") \(points) pp of cache hit (\(NumberFormat.percent(value(row, .cacheHitRate))))")
    }
    let spill = value(row, .spillRate)
    parts.append(spill > 0 ? "pays \(NumberFormat.percent(spill)) of requests spilled" : "spills nothing")
    let imbalance = value(row, .imbalanceP99)
    let imbalanceChange = NumberFormat.change(from: value(base, .imbalanceP99), to: imbalance, isShare: false)
    parts.append(
      "imbalance \(tail) \(NumberFormat.fixed(imbalance, 2))" + (imbalanceChange.map { " (\($0), \(direction($0)))" } ?? " (within 0.5%)"))
    let p99 = value(row, .ttftP99Ms)
    let p99Change = NumberFormat.change(from: value(base, .ttftP99Ms), to: p99, isShare: false)
    parts.append("TTFT p99 \(NumberFormat.grouped(p99, 1)) ms" + (p99Change.map { " (\($0), \(direction($0)))" } ?? " (within 0.5%)"))
    let rejected = value(row, .routingRejected)
    if rejected > 0 { parts.append("rejects \(NumberFormat.grouped(Int(rejected)))") }
    return parts.joined(separator: ", ") + "."
  }

  /// Lower is better for imbalance and latency: a rise is worse.
  static func direction(_ change: String) -> String { change.hasPrefix("-") ? "better" : "worse" }

  /// `max` when every run's imbalance tail is its maximum (fewer than 100 windows), `p99` when
  /// none is, else `p99/max`.
  static func imbalanceTailName(_ report: ReplayReport) -> String {
    let tails = Set(report.runs.map { LoadImbalance($0, sampleInterval: report.sampleInterval).tailName })
    return tails.count == 1 ? tails.first ?? "p99" : "p99/max"
  }

  /// What a reader must not miss: spill above 5%, rejections, overload, fleet events, losses,
  /// latencies beyond the histogram's day.
  static func warnings(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    var lines: [String] = []
    for (run, row) in zip(report.runs, metrics) {
      let spill = value(row, .spillRate)
      if spill > 0.05 {
        lines.append(
          "**\(run.policy)** spills \(NumberFormat.percent(spill)) of requests out of their preferred pods (above 5%): each spill is a key moved away from its warm cache."
        )
      }
      let routing = Int(value(row, .routingRejected))
      if routing > 0 {
        lines.append(
          "**\(run.policy)** rejected \(requests(routing)) (\(NumberFormat.percent(value(row, .routingRejectRate), 2))) in routing; they are missing from its latency figures."
        )
      }
      if run.lost > 0 {
        lines.append("**\(run.policy)** lost \(requests(run.lost)) on failed pods.")
      }
      if run.e2e.clamped > 0 {
        lines.append(
          "**\(run.policy)**: \(requests(run.e2e.clamped)) took longer than 24 h; percentiles that land among them read as 24 h (means and maxima are exact).")
      }
    }
    if let oversized = report.runs.first?.oversized, oversized > 0 {
      lines.append(
        "\(requests(oversized)) (\(NumberFormat.percent(Double(oversized) / Double(max(report.runs.first?.offered ?? 1, 1)), 2))) were rejected as oversized under every policy: prompt plus output cannot fit one pod's KV memory, whatever the routing (`rejected_oversized`)."
      )
    }
    let overloaded = report.runs.filter { $0.overload?.overloaded == true }.map(\.policy)
    if !overloaded.isEmpty { lines.append("Overloaded under \(overloaded.joined(separator: ", ")): see the opening paragraph.") }
    if let events = report.runs.first(where: { !$0.fleet.events.isEmpty })?.fleet.events {
      lines.append("\(NumberFormat.grouped(events.count)) fleet events were applied (see Fleet events).")
    }
    if let scaled = report.runs.first(where: \.fleet.autoscaled) {
      lines.append("The autoscaler changed the fleet (\(NumberFormat.grouped(scaled.fleet.scaleUps)) scale-ups under \(scaled.policy); see Autoscaling).")
    }
    guard !lines.isEmpty else { return "" }
    return "Warnings:\n\n" + lines.map { "- \($0)\n" }.joined() + "\n"
  }

  /// `1 request`, `2 requests`, `1,504 requests`.
  static func requests(_ count: Int) -> String { "\(NumberFormat.grouped(count)) request\(count == 1 ? "" : "s")" }

  /// MU in one line.
  static func muLine(_ report: ReplayReport) -> String {
    let rate = report.runs.first?.muPerPodMinute.map { "\(NumberFormat.compact($0)) MU per minute" } ?? "a fixed number of MU per minute"
    return "MU (model unit): a request's cost in pod work, from its prompt, cached and output tokens, scaled so that one pod delivers \(rate); "
      + "every figure is defined in \(ReportDefinitions.link("reportmd", text: ReportDefinitions.path)).\n\n"
  }
}
