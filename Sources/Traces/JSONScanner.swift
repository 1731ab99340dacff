/// A byte-level scanner over one JSON Lines record: walks the top-level object key by key,
/// reads the values the caller wants and skips the rest without building a document.
struct JSONScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var pos = 0
  /// Whether the last string consumed contained a backslash escape.
  var lastStringHadEscape = false
  /// Deepest nesting accepted in skipped values.
  static let maxDepth = 64

  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  @inline(__always) var atEnd: Bool { pos >= bytes.count }

  @inline(__always) mutating func skipWhitespace() {
    while pos < bytes.count {
      let b = bytes[pos]
      guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
      pos += 1
    }
  }

  /// Consumes `{` at the start of the line.
  mutating func beginObject() throws(FieldError) {
    skipWhitespace()
    guard !atEnd, bytes[pos] == UInt8(ascii: "{") else {
      throw FieldError(
        field: nil, "the line is not a JSON object (expected '{')",
        hint: "each line must be one JSON object; check the --format")
    }
    pos += 1
  }

  /// The next key of the current object (its raw bytes, escapes not decoded), or nil after `}`.
  /// `first` tells whether a comma is expected before it.
  mutating func nextKey(first: Bool) throws(FieldError) -> Range<Int>? {
    skipWhitespace()
    guard !atEnd else { throw FieldError(field: nil, "the JSON object is not closed (missing '}')") }
    if bytes[pos] == UInt8(ascii: "}") {
      pos += 1
      return nil
    }
    if !first {
      guard bytes[pos] == UInt8(ascii: ",") else {
        throw FieldError(field: nil, "expected ',' or '}' at byte \(pos + 1)")
      }
      pos += 1
      skipWhitespace()
    }
    guard !atEnd, bytes[pos] == UInt8(ascii: "\"") else {
      throw FieldError(field: nil, "expected a quoted key at byte \(pos + 1)")
    }
    let range = try stringBody()
    skipWhitespace()
    guard !atEnd, bytes[pos] == UInt8(ascii: ":") else {
      throw FieldError(field: nil, "expected ':' after a key at byte \(pos + 1)")
    }
    pos += 1
    skipWhitespace()
    return range
  }

  /// After the closing `}`: only whitespace may follow.
  mutating func endOfLine() throws(FieldError) {
    skipWhitespace()
    guard atEnd else { throw FieldError(field: nil, "unexpected text after the JSON object at byte \(pos + 1)") }
  }

  /// Consumes a string starting at its opening quote; returns the range between the quotes.
  mutating func stringBody() throws(FieldError) -> Range<Int> {
    pos += 1
    let start = pos
    lastStringHadEscape = false
    while pos < bytes.count {
      let b = bytes[pos]
      if b == UInt8(ascii: "\"") {
        pos += 1
        return start..<(pos - 1)
      }
      if b == UInt8(ascii: "\\") {
        lastStringHadEscape = true
        let escaped = pos + 1 < bytes.count ? bytes[pos + 1] : 0
        guard JSONScanner.isEscapeLetter(escaped) else {
          throw FieldError(field: nil, "invalid escape in a string at byte \(pos + 1)")
        }
        pos += 2
        continue
      }
      if b < 0x20 { throw FieldError(field: nil, "control character inside a string at byte \(pos + 1)") }
      pos += 1
    }
    throw FieldError(field: nil, "a string is not closed (missing '\"')")
  }

  /// Whether the key's raw bytes equal `name` (for keys without escapes).
  @inline(__always) func key(_ range: Range<Int>, equals name: [UInt8]) -> Bool {
    guard range.count == name.count else { return false }
    var i = range.lowerBound
    for b in name {
      if bytes[i] != b { return false }
      i += 1
    }
    return true
  }

  /// The next value's bytes when it is a number (for the caller to parse), else nil.
  mutating func numberRange() -> Range<Int>? {
    let start = pos
    while pos < bytes.count {
      let b = bytes[pos]
      let isNumberByte =
        (b &- 0x30 < 10) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
        || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
      guard isNumberByte else { break }
      pos += 1
    }
    return pos > start ? start..<pos : nil
  }

  /// Reads a number value.
  mutating func number(field: String) throws(FieldError) -> DecimalNumber {
    guard let range = numberRange(), let value = DecimalNumber.parse(bytes, range.lowerBound, range.upperBound) else {
      throw FieldError(.invalidValue, field: field, "expected a number at byte \(pos + 1)")
    }
    return value
  }

  /// Whether the next value is `null` (consumed if so).
  mutating func consumeNull() -> Bool {
    guard pos + 4 <= bytes.count, bytes[pos] == UInt8(ascii: "n"), bytes[pos + 1] == UInt8(ascii: "u"),
      bytes[pos + 2] == UInt8(ascii: "l"), bytes[pos + 3] == UInt8(ascii: "l")
    else { return false }
    pos += 4
    return true
  }

  @inline(__always) var peek: UInt8 { pos < bytes.count ? bytes[pos] : 0 }

  /// Reads a string value as a Swift string (escapes decoded, UTF-8 validated).
  mutating func string(field: String) throws(FieldError) -> String {
    guard peek == UInt8(ascii: "\"") else {
      throw FieldError(.invalidValue, field: field, "expected a string at byte \(pos + 1)")
    }
    let range = try stringBody()
    do { return try decodedString(range) } catch { throw FieldError(error.kind, field: field, error.message) }
  }

  /// Reads a string or a number (ids may be either); numbers keep their text.
  mutating func stringOrNumber(field: String) throws(FieldError) -> String {
    if peek == UInt8(ascii: "\"") { return try string(field: field) }
    guard let range = numberRange(), DecimalNumber.parse(bytes, range.lowerBound, range.upperBound) != nil else {
      throw FieldError(.invalidValue, field: field, "expected a string or a number at byte \(pos + 1)")
    }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  /// Skips any JSON value, checking its syntax.
  mutating func skipValue(depth: Int = 0) throws(FieldError) {
    guard depth < JSONScanner.maxDepth else { throw FieldError(field: nil, "JSON nested deeper than \(JSONScanner.maxDepth)") }
    skipWhitespace()
    switch peek {
    case UInt8(ascii: "\""):
      _ = try stringBody()
    case UInt8(ascii: "{"):
      pos += 1
      var first = true
      while try nextKey(first: first) != nil {
        first = false
        try skipValue(depth: depth + 1)
      }
    case UInt8(ascii: "["):
      pos += 1
      skipWhitespace()
      if peek == UInt8(ascii: "]") {
        pos += 1
        return
      }
      while true {
        try skipValue(depth: depth + 1)
        skipWhitespace()
        if peek == UInt8(ascii: ",") {
          pos += 1
          continue
        }
        guard peek == UInt8(ascii: "]") else { throw FieldError(field: nil, "expected ',' or ']' at byte \(pos + 1)") }
        pos += 1
        return
      }
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    default:
      guard let range = numberRange(), DecimalNumber.parse(bytes, range.lowerBound, range.upperBound) != nil else {
        throw FieldError(field: nil, "invalid JSON value at byte \(pos + 1)")
      }
    }
  }

  private mutating func literal(_ word: StaticString) throws(FieldError) {
    let count = word.utf8CodeUnitCount
    guard pos + count <= bytes.count else { throw FieldError(field: nil, "invalid JSON literal at byte \(pos + 1)") }
    let text = word.utf8Start
    for i in 0..<count where bytes[pos + i] != text[i] {
      throw FieldError(field: nil, "invalid JSON literal at byte \(pos + 1)")
    }
    pos += count
  }

  /// Reads an array of integers as block ids (see `DecimalNumber.blockID`), appending to `out`.
  mutating func blockIDs(field: String, into out: inout [UInt64]) throws(FieldError) {
    guard peek == UInt8(ascii: "[") else {
      throw FieldError(.invalidValue, field: field, "expected an array of integers at byte \(pos + 1)")
    }
    pos += 1
    skipWhitespace()
    if peek == UInt8(ascii: "]") {
      pos += 1
      return
    }
    while true {
      skipWhitespace()
      out.append(try blockID(field: field))
      skipWhitespace()
      let b = peek
      pos += 1
      if b == UInt8(ascii: ",") { continue }
      if b == UInt8(ascii: "]") { return }
      throw FieldError(.invalidValue, field: field, "expected ',' or ']' in the array at byte \(pos)")
    }
  }

  /// One block id; plain runs of up to 20 digits take a fast path (64-bit hashes have 20 digits
  /// about half the time), anything else the exact decimal parser.
  @inline(__always)
  private mutating func blockID(field: String) throws(FieldError) -> UInt64 {
    var value: UInt64 = 0
    var i = pos
    // Eight digits at a time while whole groups of eight are digits (at most 16 so far, far
    // from overflow), then digit by digit as before.
    while i - pos < 16, let group = eightDigits(at: i) {
      value = value &* 100_000_000 &+ group
      i += 8
    }
    // Nineteen digits cannot overflow; a twentieth can, and then the slow path rejects the id.
    while i < bytes.count, bytes[i] &- 0x30 < 10, i - pos < 19 {
      value = value &* 10 &+ UInt64(bytes[i] &- 0x30)
      i += 1
    }
    var fits = true
    if i - pos == 19, i < bytes.count, bytes[i] &- 0x30 < 10 {
      let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflowB) = shifted.addingReportingOverflow(UInt64(bytes[i] &- 0x30))
      fits = !overflowA && !overflowB
      value = sum
      i += 1
    }
    if fits, i > pos, i == bytes.count || !JSONScanner.continuesNumber(bytes[i]) {
      pos = i
      return value
    }
    let number = try self.number(field: field)
    guard let id = number.blockID() else {
      throw FieldError(
        .invalidValue, field: field,
        "block id is not an integer in [-2^63, 2^64)", hint: "prefix blocks must be integer ids")
    }
    return id
  }

  /// The value of the eight ASCII digits at `index`, or nil when fewer than eight bytes remain
  /// or any of them is not a digit (SWAR: one load, two checks, three multiplies).
  @inline(__always) func eightDigits(at index: Int) -> UInt64? {
    guard index + 8 <= bytes.count, let base = bytes.baseAddress else { return nil }
    let chunk = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    // Every byte 0x30...0x39: high nibble 3, and adding 6 does not carry into it.
    let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    guard chunk & high == 0x3030_3030_3030_3030, (chunk &+ 0x0606_0606_0606_0606) & high == 0x3030_3030_3030_3030 else {
      return nil
    }
    // The first byte is the most significant digit: combine neighbours into 2-, 4-, 8-digit values.
    var value = chunk & 0x0F0F_0F0F_0F0F_0F0F
    value = (value &* 2561) >> 8
    value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
    value = ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
    return value
  }

  @inline(__always) static func continuesNumber(_ b: UInt8) -> Bool {
    b &- 0x30 < 10 || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
  }
}
