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

  /// `fixed(value, digits)` with its whole part grouped like `grouped`, e.g. `12,031.5`, so that
  /// every number of a human table reads the same way.
  public static func grouped(_ value: Double, _ digits: Int) -> String {
    let text = fixed(value, digits)
    guard value.isFinite else { return text }
    let negative = text.hasPrefix("-")
    let body = negative ? String(text.dropFirst()) : text
    let whole = body.prefix { $0 != "." }
    let rest = body.dropFirst(whole.count)
    var out = ""
    for (i, ch) in whole.enumerated() {
      if i > 0 && (whole.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (negative ? "-" : "") + out + rest
  }

  /// A change against a baseline for a human table: for a share, the new value's
  /// percentage-point difference (`+10.7 pp`); otherwise the relative change (`+177%`). Nil when
  /// the change rounds to nothing at the shown precision, so that tables carry no `(+0%)`.
  public static func change(from base: Double, to value: Double, isShare: Bool) -> String? {
    guard base.isFinite, value.isFinite else { return nil }
    if isShare {
      let points = fixed((value - base) * 100, 1)
      guard points != "0.0" && points != "-0.0" else { return nil }
      return (value >= base ? "+" : "") + points + " pp"
    }
    guard base != 0 else { return nil }
    let relative = fixed((value - base) / abs(base) * 100, 0)
    guard relative != "0" && relative != "-0" else { return nil }
    return (value >= base ? "+" : "") + grouped(Double(relative) ?? 0, 0) + "%"
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
