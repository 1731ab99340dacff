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

  @Test(arguments: [
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

  @Test func agreesWithTheExactParserOnRandomIDs() {
    var random = SplitMix64(seed: 20)
    for round in 0..<20_000 {
      var text: String
      switch round % 4 {
      case 0: text = String(random.next())
      case 1: text = String(random.next() | (1 << 63))  // 19 or 20 digits, mostly 20
      case 2:
        // Twenty digits sharing 2^64's leading twelve, so most of them overflow.
        let tail = String(random.next() % 100_000_000)
        text = "184467440737" + String(repeating: "0", count: 8 - tail.count) + tail
      default: text = String(random.next()) + ["", ".0", "e0", "0", "1", ".5"][Int(random.next() % 6)]
      }
      #expect(Self.decoded(text) == Self.exact(text), "\(text)")
    }
  }
}
