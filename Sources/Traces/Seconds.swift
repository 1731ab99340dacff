/// Locale-independent decimal text for nanosecond times, exact and shortest (`12.5`, `0`, `-0.001`).
enum Seconds {
  /// `nanos` as seconds with up to nine fraction digits and no trailing zeros.
  static func text(_ nanos: Int64) -> String {
    let negative = nanos < 0
    let magnitude = nanos.magnitude
    let whole = magnitude / 1_000_000_000
    var fraction = magnitude % 1_000_000_000
    var text = negative ? "-" : ""
    text += String(whole)
    guard fraction != 0 else { return text }
    var digits = 9
    while fraction % 10 == 0 {
      fraction /= 10
      digits -= 1
    }
    let fractionText = String(fraction)
    text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    return text
  }

  /// Appends the same text as `text(_:)` to a byte buffer without building a String.
  static func append(_ nanos: Int64, to out: inout [UInt8]) {
    if nanos < 0 { out.append(UInt8(ascii: "-")) }
    let magnitude = nanos.magnitude
    appendDecimal(magnitude / 1_000_000_000, to: &out)
    var fraction = magnitude % 1_000_000_000
    guard fraction != 0 else { return }
    var digits = 9
    while fraction % 10 == 0 {
      fraction /= 10
      digits -= 1
    }
    out.append(UInt8(ascii: "."))
    var scratch: [UInt8] = []
    while digits > 0 {
      scratch.append(UInt8(ascii: "0") + UInt8(fraction % 10))
      fraction /= 10
      digits -= 1
    }
    out.append(contentsOf: scratch.reversed())
  }

  /// Appends an unsigned integer in decimal.
  @inline(__always) static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
    if value < 10 {
      out.append(UInt8(ascii: "0") + UInt8(value))
      return
    }
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { buffer in
      while rest > 0 {
        buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        count += 1
      }
      for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
    }
  }
}
