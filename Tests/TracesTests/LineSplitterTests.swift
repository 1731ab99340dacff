import Foundation
import SimCore
import Testing

@testable import Traces

@Suite struct LineSplitterTests {
  /// Seeded property: for random text with random line lengths (many crossing the 256 KiB read
  /// chunks), the splitter returns exactly `text.split("\n")` with a trailing `\r` removed.
  @Test(arguments: [11 as UInt64, 12])
  func matchesASimpleSplit(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var lines: [String] = []
    var total = 0
    while total < 1_500_000 {
      let length = Int(rng.next() % (rng.next() % 4 == 0 ? 60_000 : 200))
      let letter = Character(Unicode.Scalar(UInt8(97 + rng.next() % 26)))
      var line = String(repeating: letter, count: length)
      if rng.next() % 5 == 0 { line += "\r" }
      lines.append(line)
      total += length + 1
    }
    let path = try TestSupport.write(lines.joined(separator: "\n"), name: "lines.txt")
    let splitter = LineSplitter(source: try ByteSource(path: path), maxLineLength: 70_000)
    var index = 0
    while let line = try splitter.nextLine() {
      let expected = lines[index].hasSuffix("\r") ? String(lines[index].dropLast()) : lines[index]
      #expect(String(decoding: line, as: UTF8.self) == expected)
      index += 1
    }
    #expect(index == lines.count && splitter.lineNumber == lines.count)
  }
}
