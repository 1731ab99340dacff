import Foundation
import Testing
import Workload

@testable import Traces

/// Inputs the fuzz targets (Fuzz/, docs/fuzzing.md) found crashing the readers, now bad lines.
/// Each has its raw fuzz input in Fuzz/Regressions/<target>/.
@Suite struct FuzzRegressionTests {
  /// A four-digit year past 2262 (or before 1677) overflowed 64-bit nanoseconds and trapped (fuzz-azure,
  /// fuzz-zstd, fuzz-pipeline): the date-time is now out of range, in every reader and in --from.
  @Test(arguments: ["2263-01-01T00:00:00Z", "9999-12-31 23:59:59.999999999", "2262-04-11T23:47:16.854775808Z"])
  func dateTimesBeyondTheNanosecondClockAreBadLines(text: String) throws {
    let csv = try TestSupport.write("TIMESTAMP,ContextTokens,GeneratedTokens\n\(text),374,44\n", name: "azure.csv")
    let error = try #require(TestSupport.failure(csv))
    #expect(error.kind == .invalidValue && error.field == "TIMESTAMP" && error.line == 2)
    let jsonl = try TestSupport.write(#"{"ts":"\#(text)","input_tokens":5,"output_tokens":5}"# + "\n", name: "ts.jsonl")
    #expect(TestSupport.failure(jsonl)?.field == "ts")
    #expect(DateTimeText.epochNanoseconds(text) == nil)
  }

  /// The clock's ends: 2262-04-11T23:47:16.854775807Z is the last nanosecond, and years before
  /// 1677 are out of range the other way.
  @Test func theEndsOfTheNanosecondClock() {
    #expect(DateTimeText.epochNanoseconds("2262-04-11T23:47:16.854775807Z") == Int64.max)
    #expect(DateTimeText.epochNanoseconds("1970-01-01T00:00:01.5Z") == 1_500_000_000)
    #expect(DateTimeText.epochNanoseconds("1600-01-01T00:00:00Z") == nil)
  }

  /// The CSV reader took `block_size` 0, which the JSON reader refuses and which would price a
  /// request's prefix in blocks of no tokens (fuzz-canonical-csv).
  @Test func aZeroBlockSizeInCSVIsABadLine() throws {
    let csv = try TestSupport.write("ts,input_tokens,output_tokens,prefix_blocks,block_size\n2,50,5,1 2,0\n", name: "zero.csv")
    let error = try #require(TestSupport.failure(csv))
    #expect(error.kind == .invalidValue && error.field == "block_size" && error.line == 2)
    #expect(error.description.contains("block size must be positive"))
  }

  /// Latencies were read through a power-of-ten product, not correctly rounded: `1e36` read as
  /// 9.999999999999999e+35, and what the writer printed for it read back as yet another Double,
  /// so a canonical log did not round-trip (fuzz-canonical-jsonl).
  @Test(arguments: ["1e36", "0.30000000000000004", "123456.78901234567", "5e-324", "1.7976931348623157e308"])
  func latenciesReadCorrectlyRoundedAndRoundTrip(text: String) throws {
    let expected = try #require(Double(text))
    let path = try TestSupport.write(
      #"{"ts":1,"input_tokens":10,"output_tokens":5,"ttft_ms":\#(text),"e2e_ms":\#(text)}"# + "\n", name: "latency.jsonl")
    let (records, _) = try TestSupport.readAll(path)
    let record = try #require(records.first)
    #expect(record.observed?.ttftMillis == expected && record.observed?.e2eMillis == expected)
    var written: [UInt8] = []
    CanonicalLogWriter.encode(record, into: &written)
    let again = try TestSupport.readAll(try TestSupport.write(written, name: "again.jsonl")).0
    #expect(again == records)
  }
}
