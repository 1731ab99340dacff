import Testing
import Workload

@testable import Traces

@Suite struct CanonicalJSONDecoderTests {
  @Test func readsTheDocumentedExampleLine() throws {
    let record = try TestSupport.decodeCanonical(
      #"{"ts":12.5,"input_tokens":1834,"output_tokens":211,"tenant":"t3","session":"s91","prefix_blocks":[123,456,789],"block_size":16}"#)
    #expect(
      record
        == TraceRecord(
          arrivalNanos: 12_500_000_000, inputTokens: 1834, outputTokens: 211, tenant: "t3", session: "s91",
          prefixBlocks: [123, 456, 789], blockSize: 16))
  }

  @Test func decodesEscapesInValuesAndKeys() throws {
    // "\u00e9" is é, "\ud83d\ude00" the surrogate pair of U+1F600; the key spells input_tokens.
    let record = try TestSupport.decodeCanonical(
      #"{"ts":1,"input\u005ftokens":5,"output_tokens":1,"tenant":"a\"b\\c\/\u00e9\ud83d\ude00\n"}"#)
    #expect(record.inputTokens == 5)
    #expect(record.tenant == "a\"b\\c/é😀\n")
  }

  @Test func skipsNestedUnknownValues() throws {
    let record = try TestSupport.decodeCanonical(
      #"{"x":{"y":[1,[2,{"z":"}]"}],-3.5e2],"w":true,"v":null},"ts":2,"q":[],"input_tokens":3,"r":{},"output_tokens":4,"s":false}"#)
    #expect(record.arrivalNanos == 2_000_000_000 && record.inputTokens == 3 && record.outputTokens == 4)
  }

  @Test func acceptsExponentsAndWhitespace() throws {
    // 1.25e1 s = 12.5 s; 1.8e3 = 1800 tokens; 2000e-3 = 2 tokens (whole, so accepted).
    let record = try TestSupport.decodeCanonical(" {\t\"ts\" : 1.25e1 ,\"input_tokens\":1.8E+3, \"output_tokens\" : 2000e-3 } \t")
    #expect(record.arrivalNanos == 12_500_000_000)
    #expect(record.inputTokens == 1800 && record.outputTokens == 2)
  }

  @Test func keepsNanosecondPrecisionOfDecimalSeconds() throws {
    let record = try TestSupport.decodeCanonical(#"{"ts":1700158623.979960012,"input_tokens":1,"output_tokens":1}"#)
    #expect(record.arrivalNanos == 1_700_158_623_979_960_012)
  }

  @Test func readsRFC3339TimestampsAndUnits() throws {
    // 2024-05-01T10:00:00.5+02:00 = 2024-05-01T08:00:00.5Z = 1714550400.5 s since the epoch.
    let dated = try TestSupport.decodeCanonical(#"{"ts":"2024-05-01T10:00:00.5+02:00","input_tokens":1,"output_tokens":1}"#)
    #expect(dated.arrivalNanos == 1_714_550_400_500_000_000)
    let millis = try TestSupport.decodeCanonical(
      #"{"ts":1500,"input_tokens":1,"output_tokens":1}"#, TraceReadOptions(timestampUnit: .ms))
    #expect(millis.arrivalNanos == 1_500_000_000)
  }

  @Test func mapsFieldNames() throws {
    let options = TraceReadOptions(fieldMapping: ["input_tokens": "prompt_tokens", "ts": "time"])
    let record = try TestSupport.decodeCanonical(#"{"time":3,"prompt_tokens":7,"output_tokens":1,"input_tokens":99}"#, options)
    #expect(record.inputTokens == 7)
  }

  @Test func readsObservedFieldsAndNulls() throws {
    let record = try TestSupport.decodeCanonical(
      #"{"ts":1,"input_tokens":10,"output_tokens":2,"tenant":null,"cached_tokens":5,"pod":"p1","ttft_ms":12.5,"e2e_ms":80,"status":"timeout"}"#)
    #expect(record.tenant == nil)
    #expect(record.observed == ObservedOutcome(cachedTokens: 5, pod: "p1", ttftMillis: 12.5, e2eMillis: 80, status: .timeout))
  }

  @Test func storesBlockIDsAsTheLogGivesThem() throws {
    // -1 is kept as its two's-complement bit pattern, 2^64-1 as is.
    let record = try TestSupport.decodeCanonical(
      #"{"ts":1,"input_tokens":1,"output_tokens":1,"prefix_blocks":[ 0 , -1,18446744073709551615, 1e3]}"#)
    #expect(record.prefixBlocks == [0, UInt64.max, UInt64.max, 1000])
    #expect(throws: FieldError.self) {
      try TestSupport.decodeCanonical(#"{"ts":1,"input_tokens":1,"output_tokens":1,"prefix_blocks":[18446744073709551616]}"#)
    }
    #expect(throws: FieldError.self) {
      try TestSupport.decodeCanonical(#"{"ts":1,"input_tokens":1,"output_tokens":1,"prefix_blocks":[1.5]}"#)
    }
  }

  @Test(arguments: [
    (#"{"ts":1,"input_tokens":-5,"output_tokens":1}"#, "negative"),
    (#"{"ts":1,"input_tokens":5.5,"output_tokens":1}"#, "whole number"),
    (#"{"ts":1,"input_tokens":99999999999999999999,"output_tokens":1}"#, "too large"),
    (#"{"ts":1,"input_tokens":1e400,"output_tokens":1}"#, "too large"),
  ])
  func rejectsBadTokenCounts(line: String, problem: String) {
    #expect {
      try TestSupport.decodeCanonical(line)
    } throws: { error in
      guard let error = error as? FieldError else { return false }
      return error.kind == .invalidValue && error.field == "input_tokens" && error.message.contains(problem)
    }
  }

  @Test(arguments: [
    #"{"ts":1,"input_tokens":5,"output_tokens":1"#,
    #"{"ts":1,"input_tokens":5 "output_tokens":1}"#,
    #"{"ts":1,"input_tokens":5,"output_tokens":1} x"#,
    #"{"ts":1,"input_tokens":5,"output_tokens":1,"x":[1,}"#,
    #"{"ts":1,"input_tokens":5,"output_tokens":1,"x":tru}"#,
    #"{"ts":1,"input_tokens":5,"output_tokens":1,"x":"\q"}"#,
    #"[1,2]"#,
  ])
  func rejectsMalformedJSON(line: String) {
    #expect(throws: FieldError.self) { try TestSupport.decodeCanonical(line) }
  }

  @Test func rejectsDuplicateKnownKeys() {
    #expect {
      try TestSupport.decodeCanonical(#"{"ts":1,"input_tokens":5,"output_tokens":1,"input_tokens":6}"#)
    } throws: { ($0 as? FieldError)?.field == "input_tokens" }
    #expect(throws: Never.self) {
      try TestSupport.decodeCanonical(#"{"ts":1,"input_tokens":5,"output_tokens":1,"x":1,"x":2}"#)
    }
  }

  @Test func namesTheMissingField() {
    #expect {
      try TestSupport.decodeCanonical(#"{"ts":1,"output_tokens":1}"#)
    } throws: { ($0 as? FieldError)?.kind == .missingField && ($0 as? FieldError)?.field == "input_tokens" }
  }

  @Test func rejectsInvalidUTF8InStrings() {
    var bytes = Array(#"{"ts":1,"input_tokens":5,"output_tokens":1,"tenant":"ab"}"#.utf8)
    bytes.insert(0xFF, at: bytes.count - 3)
    let decoder = CanonicalJSONDecoder(options: TraceReadOptions())
    #expect {
      try bytes.withUnsafeBufferPointer { _ = try decoder.decode($0, lineNumber: 1) }
    } throws: { ($0 as? FieldError)?.kind == .invalidUTF8 }
  }
}
