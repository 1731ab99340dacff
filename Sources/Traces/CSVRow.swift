/// One CSV line split into fields (RFC 4180 quoting; a record never spans lines).
struct CSVRow {
  let bytes: UnsafeBufferPointer<UInt8>
  /// Field byte ranges, quotes excluded.
  private(set) var fields: [Range<Int>] = []
  /// Whether each field was quoted and contains doubled quotes to undo.
  private(set) var hasDoubledQuotes: [Bool] = []

  /// Splits `bytes` at commas outside quotes.
  init(_ bytes: UnsafeBufferPointer<UInt8>, reusing storage: inout [Range<Int>], flags: inout [Bool]) throws(FieldError) {
    self.bytes = bytes
    storage.removeAll(keepingCapacity: true)
    flags.removeAll(keepingCapacity: true)
    var i = 0
    let count = bytes.count
    while true {
      if i < count && bytes[i] == UInt8(ascii: "\"") {
        let start = i + 1
        var j = start
        var doubled = false
        var closed = false
        while j < count {
          if bytes[j] == UInt8(ascii: "\"") {
            if j + 1 < count && bytes[j + 1] == UInt8(ascii: "\"") {
              doubled = true
              j += 2
              continue
            }
            closed = true
            break
          }
          j += 1
        }
        guard closed else {
          throw FieldError(
            field: nil, "a quoted CSV field is not closed",
            hint: "close the quote; fields may not span lines")
        }
        storage.append(start..<j)
        flags.append(doubled)
        i = j + 1
        guard i == count || bytes[i] == UInt8(ascii: ",") else {
          throw FieldError(field: nil, "text after a closing quote in a CSV field at byte \(i + 1)")
        }
      } else {
        let start = i
        while i < count && bytes[i] != UInt8(ascii: ",") { i += 1 }
        storage.append(start..<i)
        flags.append(false)
      }
      if i >= count { break }
      i += 1
    }
    fields = storage
    hasDoubledQuotes = flags
  }

  /// Field `index` as text (trimmed of surrounding spaces), UTF-8 checked.
  func string(_ index: Int, field: String) throws(FieldError) -> String {
    let range = trimmed(fields[index])
    let raw = UnsafeBufferPointer(rebasing: bytes[range])
    var text: String?
    if hasDoubledQuotes[index] {
      var out: [UInt8] = []
      var k = 0
      while k < raw.count {
        out.append(raw[k])
        k += raw[k] == UInt8(ascii: "\"") ? 2 : 1
      }
      text = String(validating: out, as: UTF8.self)
    } else {
      text = String(validating: raw, as: UTF8.self)
    }
    guard let text else {
      throw FieldError(.invalidUTF8, field: field, "text is not valid UTF-8", hint: "re-encode the log as UTF-8")
    }
    return text
  }

  /// Field `index` as a number.
  func number(_ index: Int, field: String) throws(FieldError) -> DecimalNumber {
    let range = trimmed(fields[index])
    guard let number = DecimalNumber.parse(bytes, range.lowerBound, range.upperBound) else {
      throw FieldError(.invalidValue, field: field, "'\(preview(range))' is not a number")
    }
    return number
  }

  /// Whether field `index` is empty after trimming.
  func isEmpty(_ index: Int) -> Bool { trimmed(fields[index]).isEmpty }

  /// The trimmed byte range of a field.
  func trimmed(_ range: Range<Int>) -> Range<Int> {
    var lower = range.lowerBound
    var upper = range.upperBound
    while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
    while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
    return lower..<upper
  }

  func preview(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + 40)]), as: UTF8.self)
  }

  /// A timestamp cell: a number in `unit` or a date-time.
  func timestamp(_ index: Int, field: String, unit: TimestampUnit) throws(FieldError) -> Int64 {
    let range = trimmed(fields[index])
    guard let value = TimestampParser.text(bytes, range.lowerBound, range.upperBound, unit: unit) else {
      throw DecodeSupport.badTimestamp(field)
    }
    return value
  }
}

/// A CSV header: which column holds each wanted field.
struct CSVHeader {
  /// Column index for each field id, -1 when absent.
  var columns: [Int]

  init(row: CSVRow, keys: KeyTable, fieldCount: Int) throws(FieldError) {
    columns = Array(repeating: -1, count: fieldCount)
    for (index, _) in row.fields.enumerated() {
      let name = try row.string(index, field: "header")
      if let id = keys.lookup(name: name), columns[id] < 0 { columns[id] = index }
    }
  }
}
