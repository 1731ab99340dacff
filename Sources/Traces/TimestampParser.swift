/// Parses textual timestamps into nanoseconds: RFC 3339 / ISO 8601 date-times (Unix epoch
/// nanoseconds, UTC when no zone is given, any number of fraction digits truncated to ns) and
/// plain decimal numbers in a given unit.
enum TimestampParser {
  /// A date-time like `2023-11-16 18:17:03.9799600`, `2024-05-01T10:00:00Z` or
  /// `2024-05-01T12:00:00.5+02:00`, as epoch nanoseconds.
  static func dateTime(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
    var i = start
    func digits(_ count: Int) -> Int? {
      guard i + count <= end else { return nil }
      var value = 0
      for _ in 0..<count {
        let d = bytes[i] &- 0x30
        guard d < 10 else { return nil }
        value = value * 10 + Int(d)
        i += 1
      }
      return value
    }
    func expect(_ byte: UInt8) -> Bool {
      guard i < end, bytes[i] == byte else { return false }
      i += 1
      return true
    }
    guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
      let day = digits(2), (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    guard i < end, bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: "t") || bytes[i] == 0x20 else { return nil }
    i += 1
    guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")),
      let second = digits(2), hour < 24, minute < 60, second <= 60
    else { return nil }
    var fraction: Int64 = 0
    if i < end && (bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",")) {
      i += 1
      var count = 0
      while i < end, bytes[i] &- 0x30 < 10 {
        if count < 9 { fraction = fraction * 10 + Int64(bytes[i] &- 0x30) }
        count += 1
        i += 1
      }
      guard count > 0 else { return nil }
      for _ in count..<max(count, 9) { fraction *= 10 }
    }
    var offsetSeconds = 0
    if i < end {
      let z = bytes[i]
      if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
        i += 1
      } else if z == UInt8(ascii: "+") || z == UInt8(ascii: "-") {
        i += 1
        guard let oh = digits(2) else { return nil }
        _ = expect(UInt8(ascii: ":"))
        guard let om = digits(2) else { return nil }
        offsetSeconds = (oh * 3600 + om * 60) * (z == UInt8(ascii: "+") ? 1 : -1)
      }
    }
    guard i == end else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
    // Four-digit years reach 9999, but 64-bit nanoseconds end in 2262: later is out of range.
    let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    let (total, carry) = nanoseconds.addingReportingOverflow(fraction)
    return overflow || carry ? nil : total
  }

  /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let shiftedMonth = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// A timestamp value in text: a decimal number in `unit`, or a date-time.
  static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, unit: TimestampUnit) -> Int64? {
    if let number = DecimalNumber.parse(bytes, start, end) {
      return number.scaledInt64(by: unit.nanosecondExponent)
    }
    return dateTime(bytes, start, end)
  }
}

/// Date-times typed by people (`--from 2023-11-16T18:17:03Z`), read by the same rules as a
/// log's timestamps, so a window and the log it cuts always agree.
public enum DateTimeText {
  /// Unix-epoch nanoseconds of an RFC 3339 / ISO 8601 date-time (UTC when no zone is given),
  /// or nil when `text` is not one.
  public static func epochNanoseconds(_ text: String) -> Int64? {
    var text = text
    return text.withUTF8 { bytes in TimestampParser.dateTime(bytes, 0, bytes.count) }
  }
}
