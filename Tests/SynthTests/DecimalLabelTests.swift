import Testing
@testable import Synth

@Suite struct DecimalLabelTests {
  @Test func matchesStringInterpolation() {
    for number in [0, 7, 10, 99, 100, 123_456, 1_234_567_890_123, Int.max] {
      #expect(DecimalLabel.make(prefix: UInt8(ascii: "r"), number: number) == "r\(number)")
    }
  }
}
