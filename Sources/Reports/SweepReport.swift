/// The measured outcome of one sweep point: its swept settings and its summary metrics.
public struct SweepResult: Sendable, Equatable {
  public var policy: String
  /// `N` or `MIN:MAX`; nil for policies that do not route by key subsets.
  public var subsetSize: String?
  /// The subset size's upper bound (the chart's x value); nil with `subsetSize`.
  public var subsetSizeMax: Int?
  public var pods: Int
  /// Spill policy; nil for policies that do not route by key subsets.
  public var spill: String?
  public var muPerMinute: Double
  /// The summary metrics of the point's replay, in `SummaryMetrics` order.
  public var metrics: [SummaryMetric]

  public init(
    policy: String, subsetSize: String?, subsetSizeMax: Int?, pods: Int, spill: String?, muPerMinute: Double,
    metrics: [SummaryMetric]
  ) {
    self.policy = policy
    self.subsetSize = subsetSize
    self.subsetSizeMax = subsetSizeMax
    self.pods = pods
    self.spill = spill
    self.muPerMinute = muPerMinute
    self.metrics = metrics
  }

  /// The value of `key`, or 0 when absent.
  public func value(_ key: MetricKey) -> Double {
    metrics[key] ?? 0
  }

  /// Pods a key can reach: its subset's upper bound, or the whole fleet without subsets.
  var reach: Int { subsetSizeMax ?? pods }
}

/// Everything a sweep report shows; writers turn it into files and never touch the filesystem.
public struct SweepReport: Sendable {
  public var title: String
  /// The log's base name.
  public var source: String
  /// Settings that were not swept, shown in the header.
  public var settings: [ReportSetting]
  /// One result per point, in point order.
  public var points: [SweepResult]
  /// The objective as asked for (its imbalance limit may be relative to the best point).
  public var requestedObjective: SweepObjective
  /// The objective resolved over the points: a relative imbalance limit made absolute.
  public var objective: SweepObjective {
    get { requestedObjective.resolved(for: points) }
    set { requestedObjective = newValue }
  }
  /// The tool's version and command line, recorded in `sweep.md` and `sweep.json`.
  public var invocation: ReportInvocation?
  /// `--fail-if` thresholds checked against every point; each one and its breaches are recorded.
  public var thresholds: [Threshold]

  public init(
    title: String = "muroute sweep report", source: String, settings: [ReportSetting], points: [SweepResult],
    objective: SweepObjective, invocation: ReportInvocation? = nil, thresholds: [Threshold] = []
  ) {
    self.invocation = invocation
    self.thresholds = thresholds
    self.requestedObjective = objective
    self.title = title
    self.source = source
    self.settings = settings
    self.points = points
  }

  public static let tradeoffChartName = "svg/tradeoff.svg"

  /// Every breach of `thresholds` among the points.
  public var breaches: [ThresholdBreach] { Threshold.breaches(of: thresholds, in: points) }

  /// The objective's choice among the points.
  public var choice: SweepChoice? { objective.choose(points) }

  /// `sweep.md`, `sweep.csv`, `sweep.json` and `svg/tradeoff.svg`.
  public func files() -> [ReportFile] {
    let choice = self.choice
    return [
      ReportFile(name: "sweep.md", contents: SweepMarkdown.render(self, choice: choice)),
      ReportFile(name: "sweep.csv", contents: SweepCSV.render(self, choice: choice)),
      ReportFile(name: "sweep.json", contents: SweepJSON.render(self, choice: choice)),
      ReportFile(name: Self.tradeoffChartName, contents: SweepChart.render(self)),
    ]
  }
}
