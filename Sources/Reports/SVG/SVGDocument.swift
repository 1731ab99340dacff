/// A small SVG writer with fixed-precision coordinates, so charts are byte-identical across runs.
public struct SVGDocument: Sendable {
  public let width: Double
  public let height: Double
  private var body: [String] = []

  public init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// A coordinate or length with one decimal.
  static func n(_ value: Double) -> String { NumberFormat.compact(value, maxDigits: 1) }

  /// Escapes text for element content and attribute values.
  public static func escape(_ text: String) -> String {
    var out = ""
    for ch in text {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(ch)
      }
    }
    return out
  }

  public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) {
    let open = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"\(fill)\""
    if let title {
      body.append(open + "><title>\(Self.escape(title))</title></rect>")
    } else {
      body.append(open + "/>")
    }
  }

  public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
    var element =
      "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
    if let dash { element += " stroke-dasharray=\"\(dash)\"" }
    body.append(element + "/>")
  }

  public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
    guard !points.isEmpty else { return }
    let coordinates = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
    let dashing = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    body.append(
      "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\"\(dashing) stroke-linejoin=\"round\"/>")
  }

  public mutating func circle(x: Double, y: Double, radius: Double, fill: String, title: String? = nil) {
    let open = "<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(radius))\" fill=\"\(fill)\""
    body.append(title.map { open + "><title>\(Self.escape($0))</title></circle>" } ?? open + "/>")
  }

  public enum Anchor: String, Sendable { case start, middle, end }

  public mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, weight: String? = nil, rotate: Double? = nil) {
    var element = "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor.rawValue)\""
    if let weight { element += " font-weight=\"\(weight)\"" }
    if let rotate { element += " transform=\"rotate(\(Self.n(rotate)) \(Self.n(x)) \(Self.n(y)))\"" }
    body.append(element + ">\(Self.escape(content))</text>")
  }

  /// The complete document.
  public var rendered: String {
    var out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"#ffffff\"/>\n"
    for element in body { out += element + "\n" }
    return out + "</svg>\n"
  }
}

/// Colours shared by every chart: one per series, readable on white, colour-blind friendly
/// (Okabe-Ito order).
public enum ChartPalette {
  public static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
  public static func color(_ index: Int) -> String { series[index % series.count] }
  /// Colours repeat after eight series, so later rounds are dashed, then dotted, to stay distinct.
  public static func dash(_ index: Int) -> String? {
    switch index / series.count {
    case 0: nil
    case 1: "7 4"
    default: "2 3"
    }
  }
  public static let axis = "#444444"
  public static let grid = "#dddddd"

  /// A sequential scale from pale yellow (0) through orange to dark red (1 and above).
  public static func heat(_ fraction: Double) -> String {
    let t = min(max(fraction.isFinite ? fraction : 0, 0), 1)
    let stops: [(Double, Double, Double)] = [(255, 255, 204), (254, 178, 76), (240, 59, 32), (128, 0, 38)]
    let scaled = t * Double(stops.count - 1)
    let i = min(Int(scaled), stops.count - 2)
    let f = scaled - Double(i)
    func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * f).rounded()) }
    let (r, g, b) = (mix(stops[i].0, stops[i + 1].0), mix(stops[i].1, stops[i + 1].1), mix(stops[i].2, stops[i + 1].2))
    return "#"
      + [r, g, b].map { v in
        let hex = String(v, radix: 16)
        return hex.count == 1 ? "0" + hex : hex
      }.joined()
  }
}
