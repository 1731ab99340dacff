/// String decoding for the scanner: escapes, surrogate pairs and UTF-8 checks.
extension JSONScanner {
  /// Decodes a string's raw bytes (between the quotes): escapes resolved, UTF-8 checked.
  func decodedString(_ range: Range<Int>) throws(FieldError) -> String {
    let raw = UnsafeBufferPointer(rebasing: bytes[range])
    if !lastStringHadEscapeIn(raw) {
      if JSONScanner.isASCII(raw) { return String(decoding: raw, as: UTF8.self) }
      guard let text = String(validating: raw, as: UTF8.self) else {
        throw FieldError(.invalidUTF8, field: nil, "string is not valid UTF-8", hint: "re-encode the log as UTF-8")
      }
      return text
    }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var i = 0
    while i < raw.count {
      let b = raw[i]
      guard b == UInt8(ascii: "\\") else {
        out.append(b)
        i += 1
        continue
      }
      guard i + 1 < raw.count else { throw FieldError(field: nil, "bad escape at the end of a string") }
      let e = raw[i + 1]
      i += 2
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try JSONScanner.hex4(raw, i)
        i += 4
        if scalar >= 0xD800 && scalar < 0xDC00, i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"),
          raw[i + 1] == UInt8(ascii: "u")
        {
          let low = try JSONScanner.hex4(raw, i + 2)
          if low >= 0xDC00 && low < 0xE000 {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            i += 6
          }
        }
        guard let unicode = Unicode.Scalar(scalar) else {
          throw FieldError(.invalidUTF8, field: nil, "\\u escape is an unpaired surrogate")
        }
        out.append(contentsOf: Array(String(Character(unicode)).utf8))
      default:
        throw FieldError(field: nil, "unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string")
      }
    }
    guard let text = String(validating: out, as: UTF8.self) else {
      throw FieldError(.invalidUTF8, field: nil, "string is not valid UTF-8", hint: "re-encode the log as UTF-8")
    }
    return text
  }

  @inline(__always) private func lastStringHadEscapeIn(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
    raw.contains(UInt8(ascii: "\\"))
  }

  static func isEscapeLetter(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"), UInt8(ascii: "u"):
      return true
    default: return false
    }
  }

  @inline(__always) static func isASCII(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
    var all: UInt8 = 0
    for b in raw { all |= b }
    return all < 0x80
  }

  fileprivate static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) throws(FieldError) -> UInt32 {
    guard at + 4 <= raw.count else { throw FieldError(field: nil, "short \\u escape in a string") }
    var value: UInt32 = 0
    for k in 0..<4 {
      let c = raw[at + k]
      let digit: UInt32
      switch c {
      case 0x30...0x39: digit = UInt32(c - 0x30)
      case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
      default: throw FieldError(field: nil, "bad hex digit in a \\u escape")
      }
      value = value << 4 | digit
    }
    return value
  }
}
