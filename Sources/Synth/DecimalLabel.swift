/// Builds short labels such as `r123` without the cost of general string interpolation.
enum DecimalLabel {
  /// `prefix` (one ASCII byte) followed by the decimal digits of `number` (not negative).
  static func make(prefix: UInt8, number: Int) -> String {
    precondition(number >= 0, "DecimalLabel takes non-negative numbers")
    var digitCount = 1
    var rest = number / 10
    while rest > 0 {
      digitCount += 1
      rest /= 10
    }
    return String(unsafeUninitializedCapacity: digitCount + 1) { buffer in
      buffer[0] = prefix
      var value = number
      var index = digitCount
      while index > 0 {
        buffer[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
        value /= 10
        index -= 1
      }
      return digitCount + 1
    }
  }
}
