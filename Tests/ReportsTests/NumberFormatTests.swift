import Testing
@testable import Reports

@Suite struct NumberFormatTests {
  @Test(arguments: [
    (1.0, 2, "1.00"), (1.005, 1, "1.0"), (2.5, 0, "3"), (-2.5, 0, "-3"), (-0.0004, 3, "0.000"),
    (123456.789, 2, "123456.79"), (0.1 + 0.2, 3, "0.300"), (-1.25, 1, "-1.3"),
  ])
  func fixedRoundsHalfAwayFromZero(value: Double, digits: Int, expected: String) {
    #expect(NumberFormat.fixed(value, digits) == expected)
  }

  @Test func fixedSpellsOutNonFinite() {
    #expect(NumberFormat.fixed(.nan, 2) == "nan")
    #expect(NumberFormat.fixed(.infinity, 2) == "inf")
    #expect(NumberFormat.fixed(-.infinity, 2) == "-inf")
  }

  @Test func compactDropsTrailingZeros() {
    #expect(NumberFormat.compact(1.5) == "1.5")
    #expect(NumberFormat.compact(2) == "2")
    #expect(NumberFormat.compact(0.1234567) == "0.123457")
    #expect(NumberFormat.compact(-0.0000001) == "0")
  }

  @Test func groupedAndPercent() {
    #expect(NumberFormat.grouped(1_234_567) == "1,234,567")
    #expect(NumberFormat.grouped(-1_000) == "-1,000")
    #expect(NumberFormat.grouped(999) == "999")
    #expect(NumberFormat.percent(0.125) == "12.5%")
  }
}

@Suite struct CSVTableTests {
  @Test func quotesOnlyWhatNeedsQuoting() {
    var table = CSVTable(header: ["a", "b"])
    table.appendRow(["plain", "with,comma"])
    table.appendRow(["say \"hi\"", "line\nbreak"])
    #expect(table.contents == "a,b\nplain,\"with,comma\"\n\"say \"\"hi\"\"\",\"line\nbreak\"\n")
  }
}

/// Issue 15 item 9: one grouping for every human number, and changes that say what they are.
@Suite struct ChangeFormatTests {
  @Test func groupedDoublesGroupTheWholePart() {
    #expect(NumberFormat.grouped(12031.25, 1) == "12,031.3")
    #expect(NumberFormat.grouped(-1504, 0) == "-1,504")
    #expect(NumberFormat.grouped(999.5, 0) == "1,000")
    #expect(NumberFormat.grouped(Double.infinity, 1) == "inf")
  }

  @Test func sharesChangeInPointsOthersRelatively() {
    #expect(NumberFormat.change(from: 0.06, to: 0.167, isShare: true) == "+10.7 pp")
    #expect(NumberFormat.change(from: 0.06, to: 0.167, isShare: false) == "+178%")
    #expect(NumberFormat.change(from: 3.10, to: 2.59, isShare: false) == "-16%")
    #expect(NumberFormat.change(from: 10, to: 120, isShare: false) == "+1,100%")
  }

  @Test func noChangeAtTheShownPrecisionIsNoParenthesis() {
    #expect(NumberFormat.change(from: 100, to: 100.4, isShare: false) == nil)
    #expect(NumberFormat.change(from: 0.2, to: 0.2004, isShare: true) == nil)
    #expect(NumberFormat.change(from: 0, to: 5, isShare: false) == nil)
  }
}
