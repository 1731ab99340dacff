import Measurements

/// The SVG charts of a replay report, with the stable names `report.md` links to.
public enum ReportCharts {
  /// File name of a policy's heatmap.
  public static func heatmapName(_ policy: String) -> String { "svg/heatmap-\(fileSafe(policy)).svg" }
  public static let latencyCDFName = "svg/ttft-cdf.svg"
  public static let spillTimelineName = "svg/spills.svg"

  public static func files(for report: ReplayReport) -> [ReportFile] {
    var files: [ReportFile] = []
    for run in report.runs {
      var chart = HeatmapChart(
        title: "MU load per pod: \(run.policy)", series: run.pods, capacityMU: report.podCapacityMU)
      chart.marks = FleetCharts.eventMarks(run).map { ($0.minutes * 60, $0.label) }
      files.append(ReportFile(name: heatmapName(run.policy), contents: chart.render()))
    }
    var cdf = LineChart(
      title: "Time to first token", xLabel: "TTFT (ms, log scale)", yLabel: "share of requests",
      series: report.runs.map { run in
        LineChart.Series(name: run.policy, points: run.ttft.cdf(points: 101).map { ($0.millis, $0.fraction) })
      })
    cdf.logarithmicX = true
    cdf.yRange = 0...1
    files.append(ReportFile(name: latencyCDFName, contents: cdf.render()))
    if report.runs.contains(where: { $0.spilled > 0 }) {
      var spills = LineChart(
        title: "Spill-over per window", xLabel: "time (minutes)", yLabel: "requests spilled",
        series: report.runs.map { run in
          let windowMinutes = run.pods.window.seconds / 60
          return LineChart.Series(
            name: run.policy,
            points: run.spillsPerWindow.enumerated().map { (Double($0.offset) * windowMinutes, Double($0.element)) })
        })
      spills.marks = report.runs.first.map { FleetCharts.eventMarks($0).map { ($0.minutes, $0.label) } } ?? []
      files.append(ReportFile(name: spillTimelineName, contents: spills.render()))
    }
    return files + FleetCharts.files(for: report)
  }

  /// Policy names are kebab-case already; anything else becomes a dash.
  static func fileSafe(_ name: String) -> String {
    String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
  }
}
