/// A line chart of one or more named series with axes, grid and legend.
public struct LineChart: Sendable {
  /// One line: a name for the legend and its points in data coordinates.
  public struct Series: Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]
    /// Draw a dot on every point (for sparse series such as a sweep).
    public var markers: Bool

    public init(name: String, points: [(x: Double, y: Double)], markers: Bool = false) {
      self.name = name
      self.points = points
      self.markers = markers
    }
  }

  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var series: [Series]
  public var logarithmicX = false
  public var yRange: ClosedRange<Double>? = nil
  /// Vertical marks (e.g. fault events) at x positions in data coordinates, with labels.
  public var marks: [(x: Double, label: String)] = []
  public var width = 720.0
  public var height = 400.0

  public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
  }

  public func render() -> String {
    var svg = SVGDocument(width: width, height: height)
    let left = 70.0
    let right = width - 170.0
    let top = 40.0
    let bottom = height - 50.0
    let xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
    let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
    let xAxis = Axis(
      low: logarithmicX ? (xs.filter { $0 > 0 }.min() ?? 1) : (xs.min() ?? 0), high: xs.max() ?? 1,
      logarithmic: logarithmicX, start: left, end: right)
    let yAxis = Axis(
      low: yRange?.lowerBound ?? min(0, ys.min() ?? 0), high: yRange?.upperBound ?? ((ys.max() ?? 1) * 1.05),
      start: bottom, end: top)
    svg.text(title, x: width / 2, y: 22, size: 15, anchor: .middle, weight: "bold")
    for tick in yAxis.ticks() {
      let y = yAxis.position(tick)
      svg.line(x1: left, y1: y, x2: right, y2: y, stroke: ChartPalette.grid)
      svg.text(Axis.label(tick), x: left - 6, y: y + 4, size: 11, anchor: .end)
    }
    for tick in xAxis.ticks(count: 6) {
      let x = xAxis.position(tick)
      svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: ChartPalette.grid)
      svg.text(Axis.label(tick), x: x, y: bottom + 16, size: 11, anchor: .middle)
    }
    svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: ChartPalette.axis)
    svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: ChartPalette.axis)
    svg.text(xLabel, x: (left + right) / 2, y: height - 12, size: 12, anchor: .middle)
    svg.text(yLabel, x: 16, y: (top + bottom) / 2, size: 12, anchor: .middle, rotate: -90)
    for mark in marks where mark.x.isFinite {
      let x = xAxis.position(mark.x)
      svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: "#000000", width: 1.5, dash: "4 3")
      // Vertical, down the line, so that labels of close events do not overlap.
      svg.text(mark.label, x: x + 3, y: top + 4, size: 10, rotate: 90)
    }
    for (index, line) in series.enumerated() {
      let color = ChartPalette.color(index)
      let points = line.points.filter { $0.x.isFinite && $0.y.isFinite && (!logarithmicX || $0.x > 0) }
        .map { (xAxis.position($0.x), yAxis.position($0.y)) }
      svg.polyline(points, stroke: color, dash: ChartPalette.dash(index))
      if line.markers {
        for (point, raw) in zip(points, line.points) {
          svg.circle(
            x: point.0, y: point.1, radius: 3.5, fill: color,
            title: "\(line.name): \(Axis.label(raw.x)), \(NumberFormat.compact(raw.y, maxDigits: 3))")
        }
      }
      let legendY = top + 10 + Double(index) * 18
      svg.line(x1: right + 15, y1: legendY, x2: right + 35, y2: legendY, stroke: color, width: 3, dash: ChartPalette.dash(index))
      svg.text(line.name, x: right + 40, y: legendY + 4, size: 12)
    }
    return svg.rendered
  }
}
