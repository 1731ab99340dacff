/// Locale-independent number formatting, so reports are byte-identical on every machine.
public enum NumberFormat {
  /// `value` with exactly `digits` decimals, rounded half away from zero; "nan"/"inf" spelled out.
  public static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    precondition(digits >= 0 && digits <= 9, "digits must be 0...9")
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9.0e18 else { return String(value) }
    let units = UInt64(scaled)
    let divisor = UInt64(scale)
    let whole = units / divisor
    let negative = value < 0 && units != 0
    var text = (negative ? "-" : "") + String(whole)
    if digits > 0 {
      let fraction = String(units % divisor)
      text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return text
  }

  /// A share in 0...1 as a percentage with `digits` decimals, e.g. `12.5%`.
  public static func percent(_ share: Double, _ digits: Int = 1) -> String {
    fixed(share * 100, digits) + "%"
  }

  /// An integer with thin grouping for human tables, e.g. `1,234,567`.
  public static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (value < 0 ? "-" : "") + out
  }

  /// The shortest of `fixed` with up to `maxDigits` decimals that drops trailing zeros (for CSV).
  public static func compact(_ value: Double, maxDigits: Int = 6) -> String {
    var text = fixed(value, maxDigits)
    guard text.contains(".") else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}
