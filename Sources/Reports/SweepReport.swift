import Measurements
import Verdicts

/// Everything a sweep report shows; writers turn it into files and never touch the filesystem.
public struct SweepReport: Sendable {
  public var title: String
  /// The log's base name.
  public var source: String
  /// Settings that were not swept, shown in the header.
  public var settings: [ReportSetting]
  /// One result per point, in point order.
  public var points: [SweepResult]
  /// What was decided over the points: the recommendation, who meets the constraints, breaches.
  public var verdict: SweepVerdict
  /// The tool's version and command line, recorded in `sweep.md` and `sweep.json`.
  public var invocation: ReportInvocation?

  public init(
    title: String = "muroute sweep report", source: String, settings: [ReportSetting], points: [SweepResult],
    verdict: SweepVerdict, invocation: ReportInvocation? = nil
  ) {
    self.invocation = invocation
    self.verdict = verdict
    self.title = title
    self.source = source
    self.settings = settings
    self.points = points
  }

  /// A report of `points` with the verdict of `objective` and `thresholds` over them.
  public init(
    title: String = "muroute sweep report", source: String, settings: [ReportSetting], points: [SweepResult],
    objective: SweepObjective, invocation: ReportInvocation? = nil, thresholds: [Threshold] = []
  ) {
    self.init(
      title: title, source: source, settings: settings, points: points,
      verdict: SweepVerdict(points: points, objective: objective, thresholds: thresholds), invocation: invocation)
  }

  /// The objective resolved over the points: a relative imbalance limit made absolute.
  public var objective: SweepObjective { verdict.objective }
  public var thresholds: [Threshold] { verdict.thresholds }
  public var breaches: [ThresholdBreach] { verdict.breaches }
  public var choice: SweepChoice? { verdict.choice }

  public static let tradeoffChartName = "svg/tradeoff.svg"

  /// `sweep.md`, `sweep.csv`, `sweep.json` and `svg/tradeoff.svg`.
  public func files() -> [ReportFile] {
    [
      ReportFile(name: "sweep.md", contents: SweepMarkdown.render(self)),
      ReportFile(name: "sweep.csv", contents: SweepCSV.render(self)),
      ReportFile(name: "sweep.json", contents: SweepJSON.render(self)),
      ReportFile(name: Self.tradeoffChartName, contents: SweepChart.render(self)),
    ]
  }
}
