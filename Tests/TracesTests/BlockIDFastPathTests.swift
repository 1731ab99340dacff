import SimCore
import Testing

@testable import Traces

/// The block-id fast path (digit runs of up to 20 digits) against the exact decimal parser it
/// stands in for: the same ids accepted with the same values, the same ids rejected.
@Suite struct BlockIDFastPathTests {
  /// What the exact parser makes of `text` as a block id (nil: rejected).
  static func exact(_ text: String) -> UInt64? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { DecimalNumber.parse($0, 0, $0.count)?.blockID() }
  }

  /// What the canonical decoder makes of `text` in `prefix_blocks` (nil: rejected).
  static func decoded(_ text: String) -> UInt64? {
    let line = #"{"ts":1,"input_tokens":1,"output_tokens":1,"prefix_blocks":[7,"# + text + "]}"
    return (try? TestSupport.decodeCanonical(line))?.prefixBlocks.last
  }

  @Test(
    arguments: [
      ("18446744073709551615", UInt64.max),
      ("18446744073709551614", UInt64.max - 1),
      ("10000000000000000000", 10_000_000_000_000_000_000),
      ("9999999999999999999", 9_999_999_999_999_999_999),
      ("00000000000000000001", 1),
      ("1844674407370955161", 1_844_674_407_370_955_161),
    ] as [(String, UInt64)])
  func acceptsTwentyDigitIDsUpToTwoToThe64(text: String, value: UInt64) {
    #expect(Self.decoded(text) == value)
    #expect(Self.exact(text) == value)
  }

  @Test(arguments: [
    "18446744073709551616", "18446744073709551620", "19000000000000000000", "99999999999999999999",
    "184467440737095516150", "18446744073709551616.0",
  ])
  func rejectsIDsOfTwoToThe64AndMore(text: String) {
    #expect(Self.exact(text) == nil)
    #expect(Self.decoded(text) == nil)
  }

  @Test func eightDigitGroupsReadAsDecimalAndAnyOtherByteStopsThem() {
    var random = SplitMix64(seed: 8)
    for _ in 0..<5_000 {
      let number = random.next() % 100_000_000
      let digits = String(repeating: "0", count: 8 - String(number).count) + String(number)
      let bytes = Array((digits + "x").utf8)
      bytes.withUnsafeBufferPointer { buffer in
        let scanner = JSONScanner(buffer)
        #expect(scanner.eightDigits(at: 0) == number, "\(digits)")
        #expect(scanner.eightDigits(at: 1) == nil, "\(digits)x: the x is not a digit")
        #expect(scanner.eightDigits(at: 2) == nil, "fewer than eight bytes left")
      }
    }
    // Bytes next to the digits in ASCII, and digits with the high bit set, at every position.
    for position in 0..<8 {
      for byte: UInt8 in [0x2F, 0x3A, 0x3F, 0x20, 0xB0, 0xB9, 0x00, 0x10, 0x40, 0x70] {
        var bytes = Array("12345678".utf8)
        bytes[position] = byte
        bytes.withUnsafeBufferPointer { #expect(JSONScanner($0).eightDigits(at: 0) == nil, "byte \(byte) at \(position)") }
      }
    }
  }

  @Test func agreesWithTheExactParserOnRandomIDs() {
    var random = SplitMix64(seed: 20)
    for round in 0..<20_000 {
      var text: String
      switch round % 5 {
      case 0: text = String(random.next())
      case 1: text = String(random.next() | (1 << 63))  // 19 or 20 digits, mostly 20
      case 2:
        // Twenty digits sharing 2^64's leading twelve, so most of them overflow.
        let tail = String(random.next() % 100_000_000)
        text = "184467440737" + String(repeating: "0", count: 8 - tail.count) + tail
      case 3:
        // Any length from 1 to 24 digits, leading zeros included, so groups of eight end anywhere.
        let length = 1 + Int(random.next() % 24)
        text = String((0..<length).map { _ in Character(String(random.next() % 10)) })
      default: text = String(random.next()) + ["", ".0", "e0", "0", "1", ".5"][Int(random.next() % 6)]
      }
      #expect(Self.decoded(text) == Self.exact(text), "\(text)")
    }
  }
}
