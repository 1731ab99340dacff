/// A JSON or CSV number as read from text: sign, up to 19 significant digits and a power of ten.
///
/// Keeping the decimal form lets timestamps like `1700152623.9799600` become exact integer
/// nanoseconds, which a detour through `Double` would round.
struct DecimalNumber: Equatable {
  var negative = false
  var mantissa: UInt64 = 0
  var exponent = 0
  /// Non-zero digits beyond the 19 kept were dropped.
  var truncated = false

  private static let powersOfTen: [UInt64] = (0...19).map { power in
    var value: UInt64 = 1
    for _ in 0..<power { value &*= 10 }
    return value
  }

  /// Parses `[-+]?digits[.digits][(e|E)[+-]digits]` covering exactly `bytes[start..<end]`.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> DecimalNumber? {
    var number = DecimalNumber()
    var i = start
    guard i < end else { return nil }
    if bytes[i] == UInt8(ascii: "-") {
      number.negative = true
      i += 1
    } else if bytes[i] == UInt8(ascii: "+") {
      i += 1
    }
    var digits = 0
    var kept = 0
    while i < end, bytes[i] &- 0x30 < 10 {
      number.accumulate(bytes[i] &- 0x30, kept: &kept, fractional: false)
      digits += 1
      i += 1
    }
    if i < end && bytes[i] == UInt8(ascii: ".") {
      i += 1
      var fractionDigits = 0
      while i < end, bytes[i] &- 0x30 < 10 {
        number.accumulate(bytes[i] &- 0x30, kept: &kept, fractional: true)
        fractionDigits += 1
        i += 1
      }
      guard fractionDigits > 0 else { return nil }
      digits += fractionDigits
    }
    guard digits > 0 else { return nil }
    if i < end && (bytes[i] | 0x20) == UInt8(ascii: "e") {
      i += 1
      var negativeExponent = false
      if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
        negativeExponent = bytes[i] == UInt8(ascii: "-")
        i += 1
      }
      var value = 0
      var exponentDigits = 0
      while i < end, bytes[i] &- 0x30 < 10 {
        if value < 100_000 { value = value * 10 + Int(bytes[i] &- 0x30) }
        exponentDigits += 1
        i += 1
      }
      guard exponentDigits > 0 else { return nil }
      number.exponent += negativeExponent ? -value : value
    }
    return i == end ? number : nil
  }

  @inline(__always)
  private mutating func accumulate(_ digit: UInt8, kept: inout Int, fractional: Bool) {
    if mantissa == 0 && digit == 0 {
      if fractional { exponent -= 1 }
      return
    }
    if kept < 19 || (kept == 19 && mantissa <= (UInt64.max - UInt64(digit)) / 10) {
      mantissa = mantissa &* 10 &+ UInt64(digit)
      kept += 1
      if fractional { exponent -= 1 }
    } else {
      if digit != 0 { truncated = true }
      if !fractional { exponent += 1 }
    }
  }

  /// The value as a non-negative integer, or a reason it is not one.
  func nonNegativeInteger() -> Result<Int, NumberProblem> {
    if mantissa == 0 { return .success(0) }
    if negative { return .failure(.negative) }
    if truncated { return .failure(exponent >= 0 ? .overflow : .fractional) }
    var value = mantissa
    if exponent < 0 {
      guard exponent >= -19 else { return .failure(.fractional) }
      let divisor = DecimalNumber.powersOfTen[-exponent]
      guard value % divisor == 0 else { return .failure(.fractional) }
      value /= divisor
    } else if exponent > 0 {
      guard exponent <= 19 else { return .failure(.overflow) }
      let (product, overflow) = value.multipliedReportingOverflow(by: DecimalNumber.powersOfTen[exponent])
      guard !overflow else { return .failure(.overflow) }
      value = product
    }
    guard value <= UInt64(Int.max) else { return .failure(.overflow) }
    return .success(Int(value))
  }

  /// The value times 10^`scale`, truncated toward zero, as Int64 (for nanosecond timestamps).
  func scaledInt64(by scale: Int) -> Int64? {
    if mantissa == 0 { return 0 }
    let power = exponent + scale
    var magnitude = mantissa
    if power < 0 {
      guard power >= -19 else { return 0 }
      magnitude /= DecimalNumber.powersOfTen[-power]
    } else if power > 0 {
      guard power <= 19 else { return nil }
      let (product, overflow) = magnitude.multipliedReportingOverflow(by: DecimalNumber.powersOfTen[power])
      guard !overflow else { return nil }
      magnitude = product
    }
    guard magnitude <= UInt64(Int64.max) else { return nil }
    return negative ? -Int64(magnitude) : Int64(magnitude)
  }

  /// The value as a 64-bit block id: non-negative values up to 2^64-1 as they are, negative
  /// values down to -2^63 as their two's-complement bit pattern.
  func blockID() -> UInt64? {
    guard !truncated, let integer = exactUnsigned() else { return nil }
    if !negative { return integer }
    guard integer <= UInt64(1) << 63 else { return nil }
    return UInt64(bitPattern: 0 &- Int64(bitPattern: integer))
  }

  private func exactUnsigned() -> UInt64? {
    if mantissa == 0 { return 0 }
    if exponent < 0 {
      guard exponent >= -19 else { return nil }
      let divisor = DecimalNumber.powersOfTen[-exponent]
      guard mantissa % divisor == 0 else { return nil }
      return mantissa / divisor
    }
    guard exponent <= 19 else { return nil }
    let (product, overflow) = mantissa.multipliedReportingOverflow(by: DecimalNumber.powersOfTen[exponent])
    return overflow ? nil : product
  }

  /// The value as a Double (for millisecond latencies), correctly rounded: a latency the writer
  /// printed (Swift's shortest round-trip digits) reads back as the same Double.
  var doubleValue: Double {
    let value = Double("\(mantissa)e\(exponent)") ?? .infinity
    return negative ? -value : value
  }
}

/// Why a number is not an acceptable token count.
enum NumberProblem: Error {
  case negative, fractional, overflow

  var message: String {
    switch self {
    case .negative: "is negative; token counts must be >= 0"
    case .fractional: "is not a whole number; token counts are integers"
    case .overflow: "is too large for a 64-bit integer"
    }
  }
}
