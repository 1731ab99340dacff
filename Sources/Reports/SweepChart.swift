import Verdicts
import Measurements
/// `svg/tradeoff.svg`: one small line chart per trade-off metric against subset size, one line
/// per combination of the other swept settings; policies without subsets are flat reference lines.
public enum SweepChart {
  /// The panels: metric, chart title, y label, whether the metric is a share (shown in percent).
  static let panels: [(metric: MetricKey, title: String, yLabel: String, share: Bool)] = [
    (.cacheHitRate, "Cache hit rate", "cache hit (%)", true),
    (.imbalanceP99, "Load imbalance (p99, the max below 100 windows)", "max / mean MU", false),
    (.blastRadius, "Blast radius (max load share)", "load one pod touches (%)", true),
    (.ttftP99AllMs, "TTFT p99 over all offered (rejects count)", "milliseconds", false),
    (.spillRate, "Spill rate", "requests spilled (%)", true),
    (.routingRejectRate, "Reject rate (oversized excluded)", "requests rejected (%)", true),
  ]
  static let panelWidth = 720.0
  static let panelHeight = 400.0
  static let header = 40.0

  /// Points grouped into lines: every setting but the subset size is the same along a line.
  static func lines(_ points: [SweepResult]) -> [(name: String, points: [SweepResult])] {
    var lines: [(key: String, points: [SweepResult])] = []
    // Only settings that differ between points name the lines.
    let podsVary = Set(points.map(\.pods)).count > 1
    let muVaries = Set(points.map(\.muPerMinute)).count > 1
    let spillVaries = Set(points.compactMap(\.spill)).count > 1
    for point in points {
      var parts = [point.policy]
      if podsVary { parts.append("\(point.pods) pods") }
      if spillVaries, let spill = point.spill { parts.append(spill) }
      if muVaries { parts.append("\(NumberFormat.compact(point.muPerMinute)) MU/min") }
      let key = parts.joined(separator: ", ")
      if let i = lines.firstIndex(where: { $0.key == key }) {
        lines[i].points.append(point)
      } else {
        lines.append((key, [point]))
      }
    }
    return lines.map { ($0.key, $0.points) }
  }

  /// The SVG document of `report`'s trade-off panels.
  public static func render(_ report: SweepReport) -> String {
    let lines = lines(report.points)
    let sizes = report.points.compactMap(\.subsetSizeMax)
    let low = Double(sizes.min() ?? 1)
    let high = Double(sizes.max() ?? 1)
    let columns = 2
    let rows = (panels.count + 1 + columns - 1) / columns
    var svg = SVGDocument(width: panelWidth * Double(columns), height: header + panelHeight * Double(rows))
    svg.text("Sweep trade-offs against subset size", x: panelWidth, y: 26, size: 18, anchor: .middle, weight: "bold")
    var embedded: [String] = []
    for (index, panel) in panels.enumerated() {
      let scale = panel.share ? 100.0 : 1.0
      var series = lines.map { line -> LineChart.Series in
        let values = line.points.map { point -> (x: Double, y: Double) in
          (Double(point.subsetSizeMax ?? 0), point.value(panel.metric) * scale)
        }
        // Without subsets a setting is one value: draw it flat across the swept sizes.
        let points =
          line.points.allSatisfy { $0.subsetSizeMax == nil }
          ? (values.first.flatMap { $0.y.isFinite ? [(x: low, y: $0.y), (x: high, y: $0.y)] : nil } ?? [])
          : values.filter { $0.x > 0 && $0.y.isFinite }.sorted { $0.x < $1.x }
        let flat = line.points.allSatisfy { $0.subsetSizeMax == nil }
        return LineChart.Series(name: flat ? line.name + " (no subsets)" : line.name, points: points, markers: true)
      }
      // The objective's limit on this metric, as a flat line, so a reader sees which points pass.
      if let limit = report.objective.constraints.first(where: { $0.metric == panel.metric })?.limit {
        series.append(LineChart.Series(name: "limit", points: [(low, limit * scale), (high, limit * scale)]))
      }
      let logarithmic = high / max(low, 1) >= 8
      var chart = LineChart(
        title: panel.title, xLabel: "subset size (pods per key\(logarithmic ? ", log scale" : ""))", yLabel: panel.yLabel,
        series: series)
      chart.logarithmicX = logarithmic
      if panel.metric == .imbalanceP99 {
        // Imbalance is 1 at best: start the axis there so differences show.
        let peak = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite).max() ?? 1
        chart.yRange = 1...max(peak * 1.05, 1.1)
      }
      chart.width = panelWidth
      chart.height = panelHeight
      let x = Double(index % columns) * panelWidth
      let y = header + Double(index / columns) * panelHeight
      embedded.append(place(chart.render(), x: x, y: y))
    }
    var note = SVGDocument(width: panelWidth, height: panelHeight)
    note.text("Objective", x: 40, y: 60, size: 15, weight: "bold")
    for (i, line) in wrap(SweepObjectiveText.describe(report.objective), width: 80).enumerated() {
      note.text(line, x: 40, y: 86 + Double(i) * 18, size: 13)
    }
    if let choice = report.choice, report.points.indices.contains(choice.index) {
      note.text(choice.meetsConstraints ? "Recommended" : "Closest (no point meets the constraints)", x: 40, y: 170, size: 15, weight: "bold")
      for (i, line) in wrap(SweepMarkdown.name(report.points[choice.index], index: choice.index), width: 80).enumerated() {
        note.text(line, x: 40, y: 196 + Double(i) * 18, size: 13)
      }
    }
    let slot = panels.count
    embedded.append(place(note.rendered, x: Double(slot % columns) * panelWidth, y: header + Double(slot / columns) * panelHeight))
    var out = svg.rendered
    out.removeLast("</svg>\n".count)
    return out + embedded.joined() + "</svg>\n"
  }

  /// A rendered chart document positioned as a nested `<svg>` at (x, y).
  static func place(_ document: String, x: Double, y: Double) -> String {
    let prefix = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
    guard document.hasPrefix(prefix) else { return document }
    return "<svg x=\"\(SVGDocument.n(x))\" y=\"\(SVGDocument.n(y))\" " + document.dropFirst(prefix.count)
  }

  /// Splits `text` into lines of at most about `width` characters at spaces.
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty && current.count + 1 + word.count > width {
        lines.append(current)
        current = ""
      }
      current += (current.isEmpty ? "" : " ") + word
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }
}
