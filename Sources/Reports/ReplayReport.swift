import Measurements
import SimCore
import Verdicts

/// Everything a replay report shows: where the log came from, how the fleet was set up, and
/// what each policy measured. Writers turn it into files; they never touch the filesystem.
public struct ReplayReport: Sendable {
  public var title: String
  /// The log's file name (base name only, so reports do not depend on where they ran).
  public var source: String
  /// Settings shown in the header, in order.
  public var settings: [ReportSetting]
  /// Notes worth a reader's attention (e.g. which shard key was used and why).
  public var notes: [String]
  public var runs: [PolicyMetrics]
  /// The interval at which pods reported load (and the replay sampled it).
  public var sampleInterval: SimDuration
  /// In-flight MU at which a pod is saturated, for hotspot context.
  public var podCapacityMU: Double
  /// The policy deltas are computed against, if any.
  public var baseline: String?
  /// What production observed, when the log carries it (adds a report section and `observed.csv`).
  public var observed: ObservedMetrics?
  /// The tool that wrote the report and how it was invoked, recorded in `report.md` and
  /// `summary.json` so that a report can be reproduced (the caller supplies them).
  public var invocation: ReportInvocation?
  /// `--fail-if` thresholds checked against the run; each one and its breaches are recorded.
  public var thresholds: [Threshold]
  /// The breaches of `thresholds` (`Threshold.breaches(of:in:)` over `measuredRows`).
  public var breaches: [ThresholdBreach]

  public init(
    title: String = "muroute replay report", source: String, settings: [ReportSetting],
    notes: [String] = [], runs: [PolicyMetrics], sampleInterval: SimDuration, podCapacityMU: Double,
    baseline: String? = nil, observed: ObservedMetrics? = nil,
    invocation: ReportInvocation? = nil, thresholds: [Threshold] = [], breaches: [ThresholdBreach] = []
  ) {
    self.breaches = breaches
    self.observed = observed
    self.invocation = invocation
    self.thresholds = thresholds
    self.title = title
    self.source = source
    self.settings = settings
    self.notes = notes
    self.runs = runs
    self.sampleInterval = sampleInterval
    self.podCapacityMU = podCapacityMU
    self.baseline = baseline
  }

  /// The summary metrics of each run, in run order.
  public var metrics: [[SummaryMetric]] {
    runs.map { SummaryMetrics.metrics(of: $0, sampleInterval: sampleInterval) }
  }

  /// Each run's summary metrics under its policy's name, what thresholds are checked against.
  public var measuredRows: [MeasuredRow] {
    zip(runs, metrics).map { MeasuredRow(policy: $0.policy, metrics: $1) }
  }

  /// Every file of the report: `report.md`, `summary.csv`, `pods.csv` and the charts under `svg/`.
  public func files() -> [ReportFile] {
    let metrics = self.metrics
    return [
      ReportFile(name: "report.md", contents: MarkdownReport.render(self, metrics: metrics)),
      ReportFile(name: "summary.csv", contents: SummaryCSV.render(self, metrics: metrics)),
      ReportFile(name: "summary.json", contents: SummaryJSON.render(self, metrics: metrics)),
      ReportFile(name: "pods.csv", contents: PodsCSV.render(self)),
      ReportFile(name: "tenants.csv", contents: DetailCSV.tenants(self)),
      ReportFile(name: "spills.csv", contents: DetailCSV.spills(self)),
      ReportFile(name: "generations.csv", contents: DetailCSV.generations(self)),
      ReportFile(name: "blast.csv", contents: DetailCSV.blast(self)),
      ReportFile(name: "scaling.csv", contents: DetailCSV.scaling(self)),
    ] + (ObservedSection.csv(self).map { [ReportFile(name: "observed.csv", contents: $0)] } ?? [])
      + ReportCharts.files(for: self)
  }
}

/// The tool's version and the command line that produced a report.
public struct ReportInvocation: Sendable, Equatable {
  /// E.g. `muroute 0.9.0`.
  public var tool: String
  /// The arguments as given, the program name first.
  public var arguments: [String]

  public init(tool: String, arguments: [String]) {
    self.tool = tool
    self.arguments = arguments
  }

  /// The arguments as one shell-quotable line: arguments with spaces or quotes in single quotes.
  public var commandLine: String {
    arguments.map { argument in
      let plain = !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,+@%".contains($0) }
      guard !plain else { return argument }
      return "'" + argument.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }.joined(separator: " ")
  }
}

/// `summary.csv`: one row per policy, the summary metrics as columns.
public enum SummaryCSV {
  public static func render(_ report: ReplayReport, metrics: [[SummaryMetric]]) -> String {
    var table = CSVTable(header: ["policy"] + (metrics.first?.map(\.name) ?? []))
    for (run, row) in zip(report.runs, metrics) {
      table.appendRow([run.policy] + row.map { NumberFormat.compact($0.value) })
    }
    return table.contents
  }
}

/// `pods.csv`: per policy, pod and window, in long format.
public enum PodsCSV {
  public static let header = [
    "policy", "window_start_s", "pod", "mu_mean", "mu_max", "running_mean", "waiting_mean",
    "kv_utilization_mean", "completed", "input_tokens", "cached_tokens", "hit_rate",
    "prefill_mu_mean", "decode_mu_mean",
  ]

  public static func render(_ report: ReplayReport) -> String {
    var table = CSVTable(header: header)
    for run in report.runs {
      for (w, row) in run.pods.cells.enumerated() {
        let start = NumberFormat.compact(run.pods.windowStart(w).seconds)
        for (p, cell) in row.enumerated() {
          table.appendRow([
            run.policy, start, String(p), NumberFormat.compact(cell.meanMU, maxDigits: 3),
            NumberFormat.compact(cell.muMax, maxDigits: 3),
            NumberFormat.compact(cell.meanRunning, maxDigits: 2),
            NumberFormat.compact(cell.meanWaiting, maxDigits: 2),
            NumberFormat.compact(cell.meanKVUtilization, maxDigits: 4), String(cell.completed),
            String(cell.inputTokens), String(cell.cachedTokens),
            NumberFormat.compact(cell.hitRate, maxDigits: 4),
            NumberFormat.compact(cell.meanPrefillMU, maxDigits: 3), NumberFormat.compact(cell.meanDecodeMU, maxDigits: 3),
          ])
        }
      }
    }
    return table.contents
  }
}
