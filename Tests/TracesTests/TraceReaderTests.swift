import Foundation
import Testing
import Workload

@testable import Traces

/// One test per bad-input class of issue 2, plus the reader's ordering and counting rules.
@Suite struct TraceReaderTests {
  static func lines(_ count: Int, start: Int = 0) -> String {
    (start..<(start + count)).map { #"{"ts":\#($0),"input_tokens":\#($0 + 1),"output_tokens":1}"# + "\n" }.joined()
  }

  @Test func truncatedZstdDeliversEveryCompleteLineFirst() throws {
    // 50,000 lines make ~20 zstd blocks of 128 KiB, so half the file holds many whole blocks.
    let whole = try TestSupport.zstd(Self.lines(50_000), name: "log.jsonl.zst")
    let data = try Data(contentsOf: URL(fileURLWithPath: whole))
    let cut = try TestSupport.write(Array(data.prefix(data.count / 2)), name: "cut.jsonl.zst")
    let reader = try TraceReader(path: cut)
    var delivered = 0
    var failure: TraceError?
    do {
      while try reader.next() != nil { delivered += 1 }
    } catch { failure = error }
    let error = try #require(failure)
    #expect(error.kind == .truncatedZstd)
    // Lines are numbered from 1 and each holds one record: the error sits right after the last.
    #expect(error.line == delivered + 1)
    #expect(delivered > 100)
    #expect(error.description.contains("cut.jsonl.zst:\(delivered + 1): "))
    #expect(error.description.contains("last complete line is line \(delivered)"))
  }

  /// Found by fuzzing: a stream cut inside its first block failed while the reader looked for a
  /// binary log's magic bytes, before any line, so the error named line 0. It belongs to line 1.
  @Test func aFaultInTheFirstBytesIsPlacedAtLineOne() throws {
    let whole = try TestSupport.zstd(Self.lines(50_000), name: "first.jsonl.zst")
    let data = try Data(contentsOf: URL(fileURLWithPath: whole))
    let cut = try TestSupport.write(Array(data.prefix(40)), name: "first-cut.jsonl.zst")
    var failure: TraceError?
    do {
      let reader = try TraceReader(path: cut)
      while try reader.next() != nil {}
    } catch { failure = error }
    let error = try #require(failure)
    #expect(error.kind == .truncatedZstd || error.kind == .corruptZstd)
    #expect(error.line == 1)
    #expect(error.description.contains("first-cut.jsonl.zst:1: "))
  }

  /// Found by fuzzing: with a reorder window the records still held in the window were lost when
  /// the stream ended in a fault. They are delivered (in order) before the error, as in file order.
  @Test func truncatedZstdWithAReorderWindowDeliversWhatTheWindowHolds() throws {
    let whole = try TestSupport.zstd(Self.lines(50_000), name: "log.jsonl.zst")
    let data = try Data(contentsOf: URL(fileURLWithPath: whole))
    let cut = try TestSupport.write(Array(data.prefix(data.count / 2)), name: "cut.jsonl.zst")
    func read(_ options: TraceReadOptions) throws -> (arrivals: [Int64], error: TraceError?) {
      let reader = try TraceReader(path: cut, options: options)
      var arrivals: [Int64] = []
      do {
        while let record = try reader.next() { arrivals.append(record.arrivalNanos) }
      } catch { return (arrivals, error) }
      return (arrivals, nil)
    }
    let inOrder = try read(TraceReadOptions())
    let reordered = try read(TraceReadOptions(reorderWindowSeconds: 60))
    #expect(inOrder.arrivals.count > 100)
    // Compared as a whole but reported as counts: 18,000 arrivals would drown the failure.
    let same = reordered.arrivals == inOrder.arrivals
    #expect(same, "reordered read delivered \(reordered.arrivals.count) of \(inOrder.arrivals.count) records")
    #expect(reordered.error?.kind == .truncatedZstd && reordered.error?.line == inOrder.error?.line)
  }

  /// A bad line that stops a reordered read also comes after every record read before it.
  @Test func aFatalBadLineWithAReorderWindowComesAfterTheBufferedRecords() throws {
    let text = Self.lines(2, start: 10) + Self.lines(1, start: 5) + "not json\n" + Self.lines(1, start: 20)
    let path = try TestSupport.write(text, name: "bad.jsonl")
    let reader = try TraceReader(path: path, options: TraceReadOptions(reorderWindowSeconds: 30))
    var arrivals: [Int64] = []
    var failure: TraceError?
    do {
      while let record = try reader.next() { arrivals.append(record.arrivalNanos / 1_000_000_000) }
    } catch { failure = error }
    #expect(arrivals == [5, 10, 11])
    #expect(failure?.line == 4)
  }

  @Test func multiFrameZstdReadsAsOneStream() throws {
    // Two independently compressed files concatenated, as `cat a.zst b.zst` makes them.
    let first = try Data(contentsOf: URL(fileURLWithPath: try TestSupport.zstd(Self.lines(3), name: "a.jsonl.zst")))
    let second = try Data(contentsOf: URL(fileURLWithPath: try TestSupport.zstd(Self.lines(2, start: 3), name: "b.jsonl.zst")))
    let path = try TestSupport.write(Array(first) + Array(second), name: "ab.jsonl.zst")
    let (records, _) = try TestSupport.readAll(path)
    #expect(records.map(\.inputTokens) == [1, 2, 3, 4, 5])
  }

  @Test func corruptFrameIsAnError() throws {
    // The zstd magic number, then a frame header descriptor with its reserved bit (0x08) set.
    let path = try TestSupport.write([0x28, 0xB5, 0x2F, 0xFD, 0x08] + Array(repeating: 0x41, count: 32), name: "bad.zst")
    #expect(TestSupport.failure(path)?.kind == .corruptZstd)
  }

  /// Found by fuzzing: one damaged byte can turn a frame's magic number into that of zstd v0.7,
  /// whose legacy decoder (still built into libzstd) fills the output with garbage and then
  /// fails in the same call. What a failing call wrote is not the log's text: the read delivers
  /// the lines before the frame and names the fault, not a bad line made of garbage.
  @Test func aFailingLegacyFrameDeliversNoGarbage() throws {
    let first = try Data(contentsOf: URL(fileURLWithPath: try TestSupport.zstd(Self.lines(3), name: "a.jsonl.zst")))
    var second = Array(try Data(contentsOf: URL(fileURLWithPath: try TestSupport.zstd(Self.lines(400, start: 3), name: "b.jsonl.zst"))))
    second[0] = 0x27  // 0xFD2FB527: the v0.7 magic number
    let path = try TestSupport.write(Array(first) + second, name: "legacy.jsonl.zst")
    let reader = try TraceReader(path: path)
    var delivered: [Int] = []
    var failure: TraceError?
    do {
      while let record = try reader.next() { delivered.append(record.inputTokens) }
    } catch { failure = error }
    #expect(delivered == [1, 2, 3])
    #expect(failure?.kind == .corruptZstd && failure?.line == 4, "\(String(describing: failure))")
  }

  @Test func notZstdIsAnError() throws {
    let path = try TestSupport.write(Self.lines(2), name: "plain.jsonl.zst")
    #expect(TestSupport.failure(path)?.kind == .notZstd)
    let binary = try TestSupport.write([0x00, 0x01, 0x02, 0x7F, 0x0A], name: "data.bin")
    #expect(TestSupport.failure(binary)?.kind == .unknownFormat)
  }

  @Test func emptyFilesAreErrors() throws {
    #expect(TestSupport.failure(try TestSupport.write("", name: "empty.jsonl"))?.kind == .emptyInput)
    #expect(TestSupport.failure(try TestSupport.zstd("", name: "empty.jsonl.zst"))?.kind == .emptyInput)
    #expect(TestSupport.failure(try TestSupport.write("\n \n", name: "blank.jsonl"))?.kind == .emptyInput)
  }

  @Test func malformedJSONNamesTheLine() throws {
    let path = try TestSupport.write(Self.lines(1) + "{\"ts\":2,\n" + Self.lines(1, start: 3), name: "bad.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.kind == .malformedRecord && error.line == 2)
    #expect(error.description.hasPrefix("\(path):2: "))
  }

  @Test func missingFieldNamesTheField() throws {
    let path = try TestSupport.write(Self.lines(2) + #"{"ts":5,"input_tokens":3}"# + "\n", name: "missing.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.description.hasPrefix("\(path):3: field 'output_tokens': required field is missing ("))
  }

  @Test(arguments: ["-3", "2.5", "1e30"])
  func badTokenCountsAreErrors(value: String) throws {
    let path = try TestSupport.write(#"{"ts":1,"input_tokens":\#(value),"output_tokens":1}"# + "\n", name: "tokens.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.kind == .invalidValue && error.field == "input_tokens" && error.line == 1)
  }

  @Test func outOfOrderIsAnErrorUnlessAllowed() throws {
    let text = Self.lines(3, start: 10) + Self.lines(2, start: 5) + Self.lines(1, start: 20)
    let path = try TestSupport.write(text, name: "unordered.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.kind == .outOfOrder && error.line == 4 && error.field == "ts")
    let (kept, reader) = try TestSupport.readAll(path, TraceReadOptions(allowOutOfOrder: true))
    #expect(kept.map(\.inputTokens) == [11, 12, 13, 6, 7, 21])
    // 5 and 6 both arrive before 12, the latest arrival seen when they are read.
    #expect(reader.outOfOrderCount == 2)
  }

  @Test func reorderWindowResortsWithinTheWindow() throws {
    // Arrivals 10,11,12 then 5,6 (7 s late) then 20: a 10 s window puts them in order.
    let text = Self.lines(3, start: 10) + Self.lines(2, start: 5) + Self.lines(1, start: 20)
    let path = try TestSupport.write(text, name: "unordered.jsonl")
    let (sorted, _) = try TestSupport.readAll(path, TraceReadOptions(reorderWindowSeconds: 10))
    #expect(sorted.map(\.arrivalNanos) == [5, 6, 10, 11, 12, 20].map { Int64($0) * 1_000_000_000 })
    // A 1 s window cannot: 10 and 11 are released once 12 arrives (12 - 1 >= 11), so 5 is too late.
    let error = try #require(TestSupport.failure(path, TraceReadOptions(reorderWindowSeconds: 1)))
    #expect(error.kind == .outOfOrder)
  }

  @Test func overlongLineIsAnErrorOrSkipped() throws {
    let long = #"{"ts":1,"input_tokens":1,"output_tokens":1,"pad":""# + String(repeating: "x", count: 1 << 20) + "\"}\n"
    let path = try TestSupport.write(Self.lines(1) + long + Self.lines(1, start: 2), name: "long.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.kind == .lineTooLong && error.line == 2)
    let (records, reader) = try TestSupport.readAll(path, TraceReadOptions(maxBadLines: 1))
    #expect(records.map(\.inputTokens) == [1, 3])
    #expect(reader.badLines == 1 && reader.badLineSamples.first?.kind == .lineTooLong)
  }

  /// Found by fuzzing: an over-long first line stopped the read even when bad lines were allowed,
  /// because the format is detected from the first line before records are read.
  @Test func overlongFirstLinesAreSkippedBeforeTheFormatIsDetected() throws {
    let long = String(repeating: "x", count: 2048) + "\n"
    var options = TraceReadOptions(maxBadLines: 2)
    options.maxLineLength = 1024
    let path = try TestSupport.write(long + long + Self.lines(2, start: 1), name: "long-first.jsonl")
    let (records, reader) = try TestSupport.readAll(path, options)
    #expect(records.map(\.inputTokens) == [2, 3])
    #expect(reader.badLines == 2 && reader.badLineSamples.first?.kind == .lineTooLong && reader.badLineSamples.first?.line == 1)
    // Past the budget, or with none, the first over-long line is the error.
    options.maxBadLines = 1
    #expect(TestSupport.failure(path, options)?.line == 2)
    options.maxBadLines = 0
    #expect(TestSupport.failure(path, options)?.kind == .lineTooLong)
    // A log of nothing but over-long lines, all skipped, has no records, and the error says why.
    options.maxBadLines = 5
    let onlyLong = try TestSupport.write(long + long, name: "only-long.jsonl")
    let empty = try #require(TestSupport.failure(onlyLong, options))
    #expect(empty.kind == .emptyInput && empty.line == 1)
    #expect(empty.description.contains("its 2 lines are all longer than 1024 bytes") && empty.description.contains("--max-line-bytes"))
  }

  @Test func invalidUTF8IsAnError() throws {
    var bytes = Array(Self.lines(1).utf8)
    bytes += Array(#"{"ts":2,"input_tokens":1,"output_tokens":1,"x":"a"#.utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
    let path = try TestSupport.write(bytes, name: "utf8.jsonl")
    let error = try #require(TestSupport.failure(path))
    #expect(error.kind == .invalidUTF8 && error.line == 2)
  }

  @Test func crlfLineEndsAndByteOrderMarkAreAccepted() throws {
    let text = "\u{FEFF}" + Self.lines(3).replacingOccurrences(of: "\n", with: "\r\n")
    let (records, _) = try TestSupport.readAll(try TestSupport.write(text, name: "crlf.jsonl"))
    #expect(records.map(\.inputTokens) == [1, 2, 3])
    let csv = "\u{FEFF}ts,input_tokens,output_tokens\r\n1,2,3\r\n"
    let (rows, reader) = try TestSupport.readAll(try TestSupport.write(csv, name: "bom.csv"))
    #expect(reader.format == .canonicalCSV && rows == [TraceRecord(arrivalNanos: 1_000_000_000, inputTokens: 2, outputTokens: 3)])
  }

  @Test func csvQuotedFieldsMayHoldCommas() throws {
    let (records, reader) = try TestSupport.readAll(try TestSupport.fixture("canonical.csv"))
    #expect(reader.format == .canonicalCSV)
    #expect(records.count == 2)
    #expect(records.first?.tenant == "acme, inc")
    #expect(records.first?.prefixBlocks == [1, 2, 3] && records.first?.blockSize == 16)
    let quoted = "ts,input_tokens,output_tokens,model\n1,2,3,\"say \"\"hi\"\", ok\"\n"
    let (rows, _) = try TestSupport.readAll(try TestSupport.write(quoted, name: "q.csv"))
    #expect(rows.first?.model == "say \"hi\", ok")
  }

  @Test func maxBadLinesSkipsCountsAndSamples() throws {
    let text = Self.lines(1) + "oops\n" + Self.lines(1, start: 1) + "{}\n" + Self.lines(1, start: 2)
    let path = try TestSupport.write(text, name: "bad.jsonl")
    let (records, reader) = try TestSupport.readAll(path, TraceReadOptions(maxBadLines: 2))
    #expect(records.count == 3 && reader.badLines == 2)
    #expect(reader.badLineSamples.map(\.line) == [2, 4])
    #expect(TestSupport.failure(path, TraceReadOptions(maxBadLines: 1))?.line == 4)
  }

  @Test func readsStandardInputPathAsDash() throws {
    // '-' opens file descriptor 0; here we only check that an unreadable path names itself.
    let error = TestSupport.failure("/nonexistent/log.jsonl")
    #expect(error?.kind == .io && error?.file == "/nonexistent/log.jsonl")
  }

  @Test func mappingForcesTheCanonicalReader() throws {
    // Mooncake-like names mapped onto canonical fields are read as the user's canonical log.
    let path = try TestSupport.write(#"{"timestamp":2,"input_length":5,"output_tokens":1}"# + "\n", name: "own.jsonl")
    let options = TraceReadOptions(fieldMapping: ["ts": "timestamp", "input_tokens": "input_length"])
    let (records, reader) = try TestSupport.readAll(path, options)
    #expect(reader.format == .canonicalJSONL && records.first?.arrivalNanos == 2_000_000_000)
  }

  @Test func unusableCSVHeaderIsFatalEvenWhenSkippingBadLines() throws {
    let path = try TestSupport.write("ts,input_tokens\n1,2\n", name: "short.csv")
    let error = TestSupport.failure(path, TraceReadOptions(maxBadLines: 10))
    #expect(error?.kind == .missingField && error?.field == "output_tokens" && error?.line == 1)
  }
}
