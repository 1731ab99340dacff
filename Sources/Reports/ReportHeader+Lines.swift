import Measurements

/// The settings lines at the top of `report.md` and `sweep.md`.
public enum ReportHeader {
  /// A replay's header: the fleet, the policies, then what the run added (window, admission,
  /// fleet events, autoscaler, speedup). `usesKeySubsets`: whether a policy routes by key subsets.
  public static func replay(
    _ run: RunSettings, policies: [String], usesKeySubsets: Bool, window: WindowSettings? = nil,
    admission: AdmissionSettings? = nil, lifecycle: LifecycleSettings = LifecycleSettings()
  ) -> [ReportSetting] {
    // An oracle is no router's knowledge: every policy of the run is labelled with it.
    let oracle = run.oraclePredictor ? " (oracle predictor)" : ""
    var lines = [
      ReportSetting("pods", "\(run.pods) x \(run.profile)" + schedulerNote(run)),
      ReportSetting("policies", policies.map { $0 + oracle }.joined(separator: ", ")),
      ReportSetting("model units", "\(NumberFormat.compact(run.muPerMinute)) MU per pod per minute"),
      capacity(run),
      routers(run),
      ReportSetting("seed", "\(run.seed)"),
    ]
    if run.closedLoopArrivals {
      lines.append(
        ReportSetting(
          "arrivals",
          "closed loop per session: a turn is sent its logged think time after the replayed answer to the previous "
            + "turn (never before its logged time); requests without a session at their logged times"))
    }
    if run.oraclePredictor {
      lines.append(
        ReportSetting(
          "output-length predictor",
          "oracle: the log's true output lengths price every request and drive in-flight MU. A what-if for perfect "
            + "prediction, not what a router can know; compare with the default tenant-mean run"))
    }
    if let maxWaiting = run.maxWaiting { lines.append(ReportSetting("max waiting", maxWaitingText(maxWaiting))) }
    if let believed = run.believedProfile {
      let scale = run.routerScale.map { " scaled \($0)" } ?? ""
      lines.append(
        ReportSetting(
          "routers believe",
          "\(believed)\(scale) (the pods run \(run.profile)); pod load, imbalance and hotspots are measured in the pods' own work"))
    }
    if usesKeySubsets {
      lines.append(
        ReportSetting(
          "key subsets",
          "shard key \(run.shardKey), subset size \(run.subsetSize), spill \(run.spill) above \(NumberFormat.compact(run.spillFactor)) x fleet mean"
        ))
    }
    if let window { lines.append(ReportSetting("window", windowText(window))) }
    if let admission { lines.append(ReportSetting("admission", admissionText(admission))) }
    if let file = lifecycle.eventsFile {
      lines.append(ReportSetting("fleet events", "\(lifecycle.eventCount) from \(MarkdownText.codeSpan(file))"))
    }
    if let s = lifecycle.autoscaler {
      lines.append(
        ReportSetting(
          "autoscaler",
          "\(s.minPods)-\(s.maxPods) pods; up above \(NumberFormat.compact(s.scaleUpAt)) for \(NumberFormat.compact(s.upSustainSeconds)) s, "
            + "down below \(NumberFormat.compact(s.scaleDownAt)) for \(NumberFormat.compact(s.downSustainSeconds)) s, "
            + "target \(NumberFormat.compact(s.target)), cold start \(NumberFormat.compact(s.coldStartSeconds)) s"))
    }
    return lines + speedup(run)
  }

  /// A sweep's header: the fixed settings, then each swept list.
  public static func sweep(_ run: RunSettings, swept: SweptValues) -> [ReportSetting] {
    var lines = [
      ReportSetting("profile", run.profile + schedulerNote(run)),
      routers(run),
      ReportSetting("seed", "\(run.seed)"),
      capacity(run),
      ReportSetting("shard key", "\(run.shardKey), spill above \(NumberFormat.compact(run.spillFactor)) x fleet mean"),
    ]
    if run.oraclePredictor {
      lines.append(ReportSetting("output-length predictor", "oracle (the log's true output lengths: a what-if, not a router's knowledge)"))
    }
    if run.closedLoopArrivals {
      lines.append(ReportSetting("arrivals", "closed loop per session (a turn waits for the replayed answer to the previous one)"))
    }
    if let maxWaiting = run.maxWaiting { lines.append(ReportSetting("max waiting", maxWaitingText(maxWaiting))) }
    if let believed = run.believedProfile {
      let scale = run.routerScale.map { " scaled \($0)" } ?? ""
      lines.append(ReportSetting("routers believe", "\(believed)\(scale) (the pods run \(run.profile))"))
    }
    let oracle = run.oraclePredictor ? " (oracle predictor)" : ""
    lines.append(ReportSetting("swept policies", swept.policies.map { $0 + oracle }.joined(separator: ", ")))
    lines.append(ReportSetting("swept subset sizes", swept.subsetSizes.joined(separator: ", ")))
    lines.append(ReportSetting("swept pods", swept.pods.map(String.init).joined(separator: ", ")))
    lines.append(ReportSetting("swept spill policies", swept.spills.joined(separator: ", ")))
    lines.append(ReportSetting("swept MU per pod per minute", swept.muPerMinute.map { NumberFormat.compact($0) }.joined(separator: ", ")))
    return lines + speedup(run)
  }

  /// The note on the shard key the runs used, and how many requests lacked it; none without
  /// key subsets. `fallbackBlocks`: the prefix blocks such requests were keyed by.
  public static func shardKeyNotes(_ runs: [PolicyMetrics], fallbackBlocks: Int) -> [String] {
    guard let sharding = runs.compactMap(\.sharding).first else { return [] }
    guard sharding.keyFallbacks > 0 else { return ["Shard key: \(sharding.shardKey)."] }
    return [
      "Shard key: \(sharding.shardKey) requested, but \(NumberFormat.grouped(sharding.keyFallbacks)) requests lacked it and were keyed by their first \(fallbackBlocks) prefix blocks instead."
    ]
  }

  static func schedulerNote(_ run: RunSettings) -> String {
    run.scheduler.map { " (\($0) scheduler)" } ?? ""
  }

  static func routers(_ run: RunSettings) -> ReportSetting {
    ReportSetting(
      "routers",
      "\(run.routers), load reports every \(NumberFormat.compact(run.reportIntervalSeconds)) s arriving after \(NumberFormat.compact(run.reportDelaySeconds)) s"
    )
  }

  /// A pod's in-flight MU capacity and where its reference shape came from.
  static func capacity(_ run: RunSettings) -> ReportSetting {
    let origin = run.calibrationSample.map { "the mean of the log's first \(NumberFormat.grouped($0)) requests" } ?? "--capacity-reference"
    return ReportSetting(
      "pod capacity",
      "\(NumberFormat.fixed(run.podCapacityMU, 1)) MU in flight: \(run.saturationBatch) requests of "
        + "\(NumberFormat.grouped(run.referenceInputTokens)) prompt / \(NumberFormat.grouped(run.referenceOutputTokens)) output tokens (\(origin))")
  }

  static func maxWaitingText(_ ceiling: Int) -> String {
    "\(NumberFormat.grouped(ceiling)) requests in the simulator at once; arrivals beyond are rejected_overload"
  }

  static func speedup(_ run: RunSettings) -> [ReportSetting] {
    run.speedup == 1 ? [] : [ReportSetting("speedup", "arrivals \(NumberFormat.compact(run.speedup)) x as dense as the log")]
  }

  static func windowText(_ window: WindowSettings) -> String {
    func bound(_ text: String?, _ otherwise: String) -> String {
      guard let text else { return otherwise }
      return Double(text) != nil ? "\(text) s" : text
    }
    var text = "log from \(bound(window.from, "its start")) to \(bound(window.to, "its end"))"
    text +=
      window.warmupSeconds > 0
      ? " after a \(NumberFormat.compact(window.warmupSeconds)) s warm-up that loads the fleet but is not measured (times count from the warm-up's start)"
      : ", no warm-up"
    return text
  }

  static func admissionText(_ admission: AdmissionSettings) -> String {
    var text = "\(admission.tenants) tenants reserve \(NumberFormat.compact(admission.reservedMUPerMinute)) MU/min; "
    text += "best effort \(NumberFormat.compact(admission.bestEffortMUPerMinute)) MU/min; over contract: \(admission.overContract)"
    if let seconds = admission.maxQueueSeconds { text += " up to \(NumberFormat.compact(seconds)) s" }
    return text
  }
}
