import SimCore
import Testing
import Workload

@testable import Traces

@Suite struct ExternalSorterTests {
  /// A shuffled log with many equal timestamps, sorted with runs of 7 records (so ~30 runs).
  @Test(arguments: [1 as UInt64, 2, 3])
  func sortsStablyInBoundedRuns(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    var records: [TraceRecord] = []
    for index in 0..<200 {
      let second = Int64(rng.next() % 20)
      records.append(TraceRecord(arrivalNanos: second * 1_000_000_000, inputTokens: index, outputTokens: 1, id: "\(index)"))
    }
    let directory = try TestSupport.scratchDirectory()
    let input = directory + "/shuffled.jsonl"
    let writer = try CanonicalLogWriter(path: input, compressionLevel: nil)
    for record in records { try writer.write(record) }
    try writer.finish()
    let output = directory + "/sorted.jsonl.zst"
    let conversion = try TraceTools.convert(
      input: input, options: TraceReadOptions(), output: output, compressionLevel: 1, sort: true, sortRunCapacity: 7)
    #expect(conversion.records == 200)
    let (sorted, _) = try TestSupport.readAll(output)
    // Expected: a stable sort by arrival; equal arrivals keep file order (ascending inputTokens).
    let expected = records.enumerated().sorted { a, b in
      a.element.arrivalNanos != b.element.arrivalNanos ? a.element.arrivalNanos < b.element.arrivalNanos : a.offset < b.offset
    }.map(\.element)
    #expect(sorted == expected)
    // Run files are gone: only the input and the output remain.
    let left = try FileManagerHelper.contents(directory)
    #expect(left == ["shuffled.jsonl", "sorted.jsonl.zst"])
  }
}

import Foundation

enum FileManagerHelper {
  static func contents(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
  }
}
