import Foundation

/// A numeric axis: maps data values to pixels and chooses readable tick values.
struct Axis: Sendable {
  var low: Double
  var high: Double
  var logarithmic: Bool
  /// Pixel positions of `low` and `high`.
  var start: Double
  var end: Double

  init(low: Double, high: Double, logarithmic: Bool = false, start: Double, end: Double) {
    // Within ±1e300, so the span and every tick computed from it stay finite (a threshold line
    // drawn at a user's 1e300 would otherwise make an infinite step).
    var lo = low.isFinite ? min(max(low, -Self.largest), Self.largest) : 0
    var hi = high.isFinite ? min(max(high, -Self.largest), Self.largest) : 1
    if logarithmic {
      // Whole decades, so the ticks at powers of ten bracket the data.
      lo = pow10(Int(log10(max(lo, 1e-3)).rounded(.down)))
      hi = max(pow10(Int(log10(max(hi, lo)).rounded(.up))), lo * 10)
    } else if hi <= lo {
      hi = lo + 1
    }
    self.low = lo
    self.high = hi
    self.logarithmic = logarithmic
    self.start = start
    self.end = end
  }

  /// Pixel position of `value`, clamped to the axis.
  func position(_ value: Double) -> Double {
    let v = min(max(value, low), high)
    let fraction = logarithmic ? (log10(v) - log10(low)) / (log10(high) - log10(low)) : (v - low) / (high - low)
    return start + (end - start) * fraction
  }

  /// About `count` round tick values inside the axis (1-2-5 steps, or powers of ten on a log axis).
  func ticks(count: Int = 5) -> [Double] {
    if logarithmic {
      // 1-2-5 within each decade when the axis spans few decades, powers of ten otherwise.
      let decades = Int((log10(high) - log10(low)).rounded())
      let steps: [Double] = decades <= 2 ? [1, 2, 5] : [1]
      var values: [Double] = []
      var decade = low
      while decade <= high * 1.0001 {
        for step in steps where decade * step <= high * 1.0001 { values.append(decade * step) }
        decade *= 10
      }
      return values
    }
    let raw = (high - low) / Double(max(count, 1))
    let magnitude = pow10(Int(log10(raw).rounded(.down)))
    let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    var value = (low / step).rounded(.up) * step
    var values: [Double] = []
    while value <= high + step * 1e-9 {
      values.append(abs(value) < step * 1e-9 ? 0 : value)
      value += step
    }
    return values
  }

  /// The largest magnitude an axis spans.
  static let largest = 1e300

  /// A tick label without needless decimals.
  static func label(_ value: Double) -> String {
    // Past 10^15 a grouped integer is unreadable (and past Int.max, not an Int).
    guard abs(value) < 1e15 else { return value.isFinite ? String(value) : NumberFormat.fixed(value, 0) }
    if abs(value) >= 1000 || value == value.rounded() { return NumberFormat.grouped(Int(value.rounded())) }
    return NumberFormat.compact(value, maxDigits: abs(value) < 0.1 ? 3 : 2)
  }
}

func pow10(_ exponent: Int) -> Double { pow(10, Double(exponent)) }
