import Testing
@testable import Reports

@Suite struct AxisTests {
  @Test func ticksAreRoundStepsInsideTheAxis() {
    // 0...10 in about five steps: 10 / 5 = 2, a 1-2-5 step already.
    #expect(Axis(low: 0, high: 10, start: 0, end: 100).ticks() == [0, 2, 4, 6, 8, 10])
    // 0...7: 7 / 5 = 1.4 rounds up to a step of 2.
    #expect(Axis(low: 0, high: 7, start: 0, end: 100).ticks() == [0, 2, 4, 6])
    // A log axis over 1...100 spans two decades: 1-2-5 in each.
    #expect(Axis(low: 1, high: 100, logarithmic: true, start: 0, end: 100).ticks() == [1, 2, 5, 10, 20, 50, 100])
  }

  @Test func labelsDropNeedlessDecimals() {
    #expect(Axis.label(1234) == "1,234")
    #expect(Axis.label(2) == "2")
    #expect(Axis.label(0.25) == "0.25")
    #expect(Axis.label(0.0125) == "0.013")
  }

  @Test func valuesPastTheIntegersLabelAndTickWithoutTrapping() {
    // Regression: a sweep limit of 1e300 (`--max-imbalance 1e300`) drew a threshold line whose
    // label went through Int and trapped.
    #expect(Axis.label(1e300) == "1e+300")
    #expect(Axis.label(-2e16) == "-2e+16")
    #expect(Axis.label(.infinity) == "inf")
    for (low, high) in [(0, 1e300), (-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude), (.nan, .infinity)] {
      let axis = Axis(low: low, high: high, start: 0, end: 100)
      let ticks = axis.ticks()
      #expect(!ticks.isEmpty && ticks.count <= 11, "\(low)...\(high): \(ticks)")
      #expect(ticks.allSatisfy { $0.isFinite && axis.position($0).isFinite })
      #expect(ticks.allSatisfy { !Axis.label($0).isEmpty })
    }
  }
}
