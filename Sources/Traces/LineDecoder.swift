import Workload

/// Turns one line of a given format into a record.
protocol LineDecoder: AnyObject {
  /// Decodes `line`; returns nil for lines that carry no record (a header).
  func decode(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(FieldError) -> TraceRecord?
}

/// Helpers shared by the decoders.
enum DecodeSupport {
  /// A token count from a number, with the problem named for the field.
  @inline(__always)
  static func tokens(_ number: DecimalNumber, field: String) throws(FieldError) -> Int {
    switch number.nonNegativeInteger() {
    case .success(let value):
      guard value <= TraceRecord.maximumTokens else {
        throw FieldError(
          .invalidValue, field: field, "value \(value) is more tokens than any request can have",
          hint: "token counts above \(TraceRecord.maximumTokens) are taken as corrupt: fix the line or skip bad lines with --max-bad-lines N")
      }
      return value
    case .failure(let problem):
      throw FieldError(
        .invalidValue, field: field, "value \(problem.message)",
        hint: "token counts must be whole numbers from 0 to \(TraceRecord.maximumTokens)")
    }
  }

  static func missing(_ field: String) -> FieldError {
    FieldError(
      .missingField, field: field, "required field is missing",
      hint: "add it, map it with --field \(field)=<your name>, or force the right --format")
  }

  static func badTimestamp(_ field: String) -> FieldError {
    FieldError(
      .invalidValue, field: field, "not a number or an RFC 3339 date-time, or out of range",
      hint: "use seconds within ±4e9 (set the unit with --ts-unit) or e.g. 2024-05-01T10:00:00.5Z")
  }

  static func status(_ text: String, field: String) throws(FieldError) -> RequestStatus {
    guard let status = RequestStatus(rawValue: text) else {
      throw FieldError(
        .invalidValue, field: field, "'\(text)' is not a status",
        hint: "use one of ok, error, rejected, timeout")
    }
    return status
  }

  /// Whether all bytes are ASCII (checked eight at a time) or else form valid UTF-8.
  static func isValidUTF8(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = line.baseAddress else { return true }
    var i = 0
    let count = line.count
    let raw = UnsafeRawPointer(base)
    while i + 8 <= count {
      if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
      i += 8
    }
    while i < count && base[i] < 0x80 { i += 1 }
    if i == count { return true }
    return String(validating: UnsafeBufferPointer(rebasing: line[i...]), as: UTF8.self) != nil
  }
}
