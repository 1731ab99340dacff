import Measurements

/// Per-pod MU load over time as a heatmap: one row per pod, one column per window, colour by
/// the share of a pod's capacity in flight.
public struct HeatmapChart: Sendable {
  public var title: String
  public var series: PodWindowSeries
  public var capacityMU: Double
  /// Windows are merged so that no more than this many columns are drawn.
  public var maxColumns = 240
  /// Vertical marks (e.g. fault events), in seconds, with labels.
  public var marks: [(seconds: Double, label: String)] = []

  public init(title: String, series: PodWindowSeries, capacityMU: Double) {
    self.title = title
    self.series = series
    self.capacityMU = capacityMU
  }

  public func render() -> String {
    let windows = series.cells.count
    let pods = series.cells.map(\.count).max() ?? 0
    let merge = max(1, (windows + maxColumns - 1) / maxColumns)
    let columns = (windows + merge - 1) / merge
    let left = 60.0
    let top = 40.0
    let plotWidth = 720.0
    let cellWidth = columns > 0 ? plotWidth / Double(columns) : plotWidth
    let cellHeight = pods > 0 ? max(2.0, min(18.0, 480.0 / Double(pods))) : 18
    let plotHeight = cellHeight * Double(max(pods, 1))
    let legendHeight = 16.0 + 5 * 18
    var svg = SVGDocument(width: left + plotWidth + 130, height: top + max(plotHeight, legendHeight) + 60)
    svg.text(title, x: (left + plotWidth) / 2, y: 22, size: 15, anchor: .middle, weight: "bold")
    let windowSeconds = series.window.seconds
    for column in 0..<columns {
      let first = column * merge
      let last = min(windows, first + merge)
      for pod in 0..<pods {
        var sum = 0.0
        var count = 0
        for w in first..<last where pod < series.cells[w].count {
          sum += series.cells[w][pod].meanMU
          count += 1
        }
        let mu = count > 0 ? sum / Double(count) : 0
        let share = capacityMU > 0 ? mu / capacityMU : 0
        svg.rect(
          x: left + Double(column) * cellWidth, y: top + Double(pod) * cellHeight, width: cellWidth + 0.3,
          height: cellHeight + 0.3, fill: ChartPalette.heat(share),
          title: "pod \(pod), \(Axis.label(Double(first) * windowSeconds)) s: \(NumberFormat.fixed(mu, 1)) MU (\(NumberFormat.percent(share, 0)))")
      }
    }
    let labelEvery = max(1, Int((12.0 / cellHeight).rounded(.up)))
    for pod in stride(from: 0, to: pods, by: labelEvery) {
      svg.text("pod \(pod)", x: left - 6, y: top + (Double(pod) + 0.5) * cellHeight + 4, size: 10, anchor: .end)
    }
    let totalSeconds = Double(windows) * windowSeconds
    let axis = Axis(low: 0, high: max(totalSeconds / 60, 1e-9), start: left, end: left + plotWidth)
    for tick in axis.ticks(count: 6) {
      let x = axis.position(tick)
      svg.line(x1: x, y1: top + plotHeight, x2: x, y2: top + plotHeight + 5, stroke: ChartPalette.axis)
      svg.text(Axis.label(tick), x: x, y: top + plotHeight + 18, size: 11, anchor: .middle)
    }
    svg.text("time (minutes)", x: left + plotWidth / 2, y: top + plotHeight + 40, size: 12, anchor: .middle)
    for mark in marks {
      let x = axis.position(mark.seconds / 60)
      svg.line(x1: x, y1: top, x2: x, y2: top + plotHeight, stroke: "#000000", width: 1.5, dash: "4 3")
      // Vertical, down the line, so that labels of close events do not overlap.
      svg.text(mark.label, x: x + 3, y: top + 4, size: 10, rotate: 90)
    }
    let legendX = left + plotWidth + 20
    svg.text("MU / capacity", x: legendX, y: top + 8, size: 11)
    for (i, share) in [0.0, 0.25, 0.5, 0.75, 1.0].enumerated() {
      svg.rect(x: legendX, y: top + 16 + Double(i) * 18, width: 16, height: 16, fill: ChartPalette.heat(share))
      svg.text(share >= 1 ? "100%+" : NumberFormat.percent(share, 0), x: legendX + 22, y: top + 28 + Double(i) * 18, size: 11)
    }
    return svg.rendered
  }
}
