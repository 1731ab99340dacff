/// LEB128 variable-length integers (seven bits a byte, low bits first) and zigzag signed values.
enum VarInt {
  @inline(__always)
  static func append(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    out.append(UInt8(truncatingIfNeeded: v))
  }

  @inline(__always)
  static func append(_ value: Int, to out: inout [UInt8]) {
    append(UInt64(UInt(bitPattern: value)), to: &out)
  }

  /// Small magnitudes of either sign in few bytes.
  @inline(__always)
  static func zigzag(_ value: Int64) -> UInt64 {
    UInt64(bitPattern: (value << 1) ^ (value >> 63))
  }

  @inline(__always)
  static func unzigzag(_ value: UInt64) -> Int64 {
    Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
  }

  @inline(__always)
  static func appendLittleEndian(_ value: UInt64, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
  }

  @inline(__always)
  static func appendLittleEndian(_ value: UInt32, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
  }
}

/// Why a frame's bytes do not decode; the reader adds the file, record and offset.
struct BinaryDecodeFailure: Error {
  var field: String?
  var message: String
}

/// Reads a frame's payload front to back; every read checks the bounds.
struct ByteCursor {
  let base: UnsafeRawPointer
  let end: Int
  var position = 0

  init(_ bytes: UnsafeRawBufferPointer) {
    // An empty buffer may have no address; any non-nil pointer serves, nothing is read.
    base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10).unsafelyUnwrapped
    end = bytes.count
  }

  var isAtEnd: Bool { position >= end }

  @inline(__always)
  mutating func byte(_ field: String) throws(BinaryDecodeFailure) -> UInt8 {
    guard position < end else { throw BinaryDecodeFailure(field: field, message: "the frame ends inside a record") }
    defer { position += 1 }
    return base.load(fromByteOffset: position, as: UInt8.self)
  }

  @inline(__always)
  mutating func varint(_ field: String) throws(BinaryDecodeFailure) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < end else { throw BinaryDecodeFailure(field: field, message: "the frame ends inside a record") }
      let b = base.load(fromByteOffset: position, as: UInt8.self)
      position += 1
      guard shift < 64, shift < 63 || b <= 1 else {
        throw BinaryDecodeFailure(field: field, message: "a number does not fit in 64 bits")
      }
      result |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return result }
      shift += 7
    }
  }

  /// A varint that must be at most `limit`.
  @inline(__always)
  mutating func count(_ field: String, limit: Int) throws(BinaryDecodeFailure) -> Int {
    let value = try varint(field)
    guard value <= UInt64(limit) else {
      throw BinaryDecodeFailure(field: field, message: "value \(value) is out of range (at most \(limit))")
    }
    return Int(value)
  }

  @inline(__always)
  mutating func littleEndian64(_ field: String) throws(BinaryDecodeFailure) -> UInt64 {
    guard end - position >= 8 else { throw BinaryDecodeFailure(field: field, message: "the frame ends inside a record") }
    defer { position += 8 }
    return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
  }

  /// The next `count` bytes, valid while the frame buffer is.
  @inline(__always)
  mutating func bytes(_ count: Int, _ field: String) throws(BinaryDecodeFailure) -> UnsafeRawBufferPointer {
    guard count >= 0, end - position >= count else {
      throw BinaryDecodeFailure(field: field, message: "the frame ends inside a record")
    }
    defer { position += count }
    return UnsafeRawBufferPointer(start: base + position, count: count)
  }
}
