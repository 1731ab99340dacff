import Foundation
import Testing
import Workload

@testable import Traces

/// Several logs read as one: the k-way merge's order and ties, empty and single files, bad
/// lines named by their own file, the shared bad-line budget, block sizes, and the log set's
/// resolution of directories, duplicates and streams.
@Suite struct MergedLogsTests {
  /// A canonical line whose id says which file and line it came from.
  static func line(_ ts: Double, _ id: String, blockSize: Int? = nil) -> String {
    let blocks = blockSize.map { #","prefix_blocks":[1,2],"block_size":\#($0)"# } ?? ""
    return #"{"ts":\#(ts),"input_tokens":10,"output_tokens":5,"id":"\#(id)"\#(blocks)}"# + "\n"
  }

  /// Writes each text as a file in one fresh directory; returns their paths.
  static func files(_ texts: [String], names: [String]? = nil) throws -> [String] {
    let directory = try TestSupport.scratchDirectory()
    return try texts.enumerated().map { index, text in
      let path = directory + "/" + (names?[index] ?? "log-\(index).jsonl")
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      return path
    }
  }

  static func readIDs(_ paths: [String], _ options: TraceReadOptions = TraceReadOptions()) throws -> [String] {
    let reader = try MergedLogs(LogSet(arguments: paths), options: options).makeReader()
    var ids: [String] = []
    while let record = try reader.next() { ids.append(record.id ?? "?") }
    return ids
  }

  static func failure(_ paths: [String], _ options: TraceReadOptions = TraceReadOptions()) -> TraceError? {
    do {
      _ = try readIDs(paths, options)
      return nil
    } catch let error as TraceError {
      return error
    } catch {
      return nil
    }
  }

  @Test func overlappingLogsInterleaveByArrival() throws {
    let paths = try Self.files([
      Self.line(0, "a1") + Self.line(2, "a2") + Self.line(4, "a3"),
      Self.line(1, "b1") + Self.line(3, "b2") + Self.line(5, "b3"),
    ])
    #expect(try Self.readIDs(paths) == ["a1", "b1", "a2", "b2", "a3", "b3"])
  }

  @Test func tiesGoToTheFileGivenFirstThenToTheEarlierLine() throws {
    let paths = try Self.files([
      Self.line(1, "a1") + Self.line(1, "a2") + Self.line(2, "a3"),
      Self.line(0, "b1") + Self.line(1, "b2") + Self.line(2, "b3"),
      Self.line(1, "c1"),
    ])
    #expect(try Self.readIDs(paths) == ["b1", "a1", "a2", "b2", "c1", "a3", "b3"])
    // Given in the other order, the tie goes the other way.
    #expect(try Self.readIDs([paths[1], paths[0], paths[2]]) == ["b1", "b2", "a1", "a2", "c1", "b3", "a3"])
  }

  @Test func emptyFilesAreSkippedUnlessEveryFileIsEmpty() throws {
    let paths = try Self.files(["", Self.line(0, "b1") + Self.line(1, "b2"), "\n\n"])
    #expect(try Self.readIDs(paths) == ["b1", "b2"])
    let empty = try Self.files(["", ""])
    #expect(Self.failure(empty)?.kind == .emptyInput)
    // One empty file alone is the reader's own error, naming it.
    let alone = try #require(Self.failure([empty[0]]))
    #expect(alone.kind == .emptyInput && alone.file == empty[0])
  }

  @Test func oneFileReadsAsTheReaderReadsIt() throws {
    let text = (0..<50).map { Self.line(Double($0 / 3), "r\($0)") }.joined()
    let paths = try Self.files([text])
    let (records, _) = try TestSupport.readAll(paths[0])
    #expect(try Self.readIDs(paths) == records.map { $0.id ?? "" })
  }

  /// Any split of a log into files by arrival reads back as the log; any interleaving reads as
  /// the stable sort by (arrival, file, line).
  @Test(arguments: 1...20) func mergeIsTheStableSortOfItsFiles(seed: UInt64) throws {
    var random = SplitMix(seed: seed)
    let count = Int(random.next() % 60)
    let fileCount = Int(random.next() % 4) + 1
    var arrivals: [Int] = []
    var now = 0
    for _ in 0..<count {
      now += Int(random.next() % 3)  // many equal arrivals
      arrivals.append(now)
    }
    // Interleaving: each record to a random file, each file still in arrival order.
    var texts = Array(repeating: "", count: fileCount)
    var tagged: [(arrival: Int, file: Int, position: Int, id: String)] = []
    for (position, arrival) in arrivals.enumerated() {
      let file = Int(random.next() % UInt64(fileCount))
      texts[file] += Self.line(Double(arrival), "r\(position)")
      tagged.append((arrival, file, position, "r\(position)"))
    }
    let expected = tagged.sorted { ($0.arrival, $0.file, $0.position) < ($1.arrival, $1.file, $1.position) }.map(\.id)
    if texts.allSatisfy(\.isEmpty) { return }
    #expect(try Self.readIDs(try Self.files(texts)) == expected)
    // Split by time into consecutive pieces: the merge is the original order.
    var pieces: [String] = []
    var cut = 0
    for piece in 0..<fileCount {
      let end = piece == fileCount - 1 ? count : min(count, cut + Int(random.next() % UInt64(count + 1)))
      pieces.append((cut..<end).map { Self.line(Double(arrivals[$0]), "r\($0)") }.joined())
      cut = end
    }
    if pieces.allSatisfy(\.isEmpty) { return }
    #expect(try Self.readIDs(try Self.files(pieces)) == (0..<count).map { "r\($0)" })
  }

  /// Hourly logs are opened as the merged clock reaches them and closed at their end: memory
  /// does not grow with their number.
  @Test func filesOpenOnlyWhileTheirArrivalsAreDue() throws {
    let hours = 40
    var texts = (0..<hours).map { hour in (0..<3).map { Self.line(Double(hour * 3600 + $0 * 1200), "h\(hour)-\($0)") }.joined() }
    // One log spans the whole time and overlaps every other.
    texts.append((0..<hours).map { Self.line(Double($0 * 3600 + 1800), "long-\($0)") }.joined())
    let reader = try MergedLogs(LogSet(arguments: try Self.files(texts)), options: TraceReadOptions()).makeReader()
    var mostOpen = 0
    var count = 0
    while try reader.next() != nil {
      count += 1
      mostOpen = max(mostOpen, reader.openFileCount)
    }
    #expect(count == hours * 4)
    #expect(mostOpen <= 3)
    #expect(reader.openFileCount == 0)
  }

  @Test func theClockOriginIsTheEarliestFirstArrivalOfAnyFile() throws {
    let paths = try Self.files([Self.line(50, "a"), "", Self.line(7, "b") + Self.line(60, "c")])
    let logs = try MergedLogs(LogSet(arguments: paths), options: TraceReadOptions())
    #expect(logs.firstArrival == 7_000_000_000)
  }

  @Test func aBadLineInTheSecondFileNamesThatFileAndLine() throws {
    let paths = try Self.files([
      Self.line(0, "a1") + Self.line(5, "a2"),
      Self.line(1, "b1") + Self.line(2, "b2") + #"{"ts":3,"input_tokens":"many","output_tokens":1}"# + "\n",
    ])
    let error = try #require(Self.failure(paths))
    #expect(error.file == paths[1])
    #expect(error.line == 3)
    #expect(error.field == "input_tokens")
    #expect(error.description.hasPrefix("\(paths[1]):3: field 'input_tokens'"))
  }

  @Test func theBadLineBudgetIsSharedAsByTheConcatenation() throws {
    let bad = #"{"ts":1,"input_tokens":-1,"output_tokens":1}"# + "\n"
    let paths = try Self.files([Self.line(0, "a1") + bad + Self.line(2, "a2"), Self.line(0, "b1") + bad])
    // One allowed: the second bad line ends the read, whichever file it is in.
    #expect(Self.failure(paths, TraceReadOptions(maxBadLines: 1))?.kind == .invalidValue)
    let reader = try MergedLogs(LogSet(arguments: paths), options: TraceReadOptions(maxBadLines: 2)).makeReader()
    var ids: [String] = []
    while let record = try reader.next() { ids.append(record.id ?? "?") }
    #expect(ids == ["a1", "b1", "a2"])
    #expect(reader.badLines == 2)
    #expect(Set(reader.badLineSamples.map(\.file)) == Set(paths))
  }

  @Test func filesOfDifferentBlockSizesAreAnErrorNamingBoth() throws {
    let paths = try Self.files([
      Self.line(0, "a1", blockSize: 16) + Self.line(2, "a2", blockSize: 16),
      Self.line(1, "b1") + Self.line(3, "b2", blockSize: 64),
    ])
    let error = try #require(Self.failure(paths))
    #expect(error.field == "block_size")
    #expect(error.file == paths[1] && error.line == 2)
    #expect(error.message.contains(paths[0]) && error.message.contains("16") && error.message.contains("64"))
    let same = try Self.files([Self.line(0, "a", blockSize: 16), Self.line(1, "b", blockSize: 16)])
    #expect(try Self.readIDs(same) == ["a", "b"])
  }

  @Test func aDirectoryIsItsVisibleRegularFilesByName() throws {
    let paths = try Self.files(
      [Self.line(2, "day2"), Self.line(1, "day1"), Self.line(0, "hidden"), "{\"sys_prompt_id\":1}\n"],
      names: ["2024-01-02.jsonl", "2024-01-01.jsonl", ".partial.jsonl", "1_sys_prompt.jsonl"])
    let directory = parentDirectory(paths[0])
    try FileManager.default.createDirectory(atPath: directory + "/nested", withIntermediateDirectories: false)
    try Self.line(0, "nested").write(toFile: directory + "/nested/x.jsonl", atomically: true, encoding: .utf8)
    let set = try LogSet(arguments: [directory])
    #expect(set.files.map(\.name) == [directory + "/2024-01-01.jsonl", directory + "/2024-01-02.jsonl"])
    #expect(set.label == "2 logs: 2024-01-01.jsonl, 2024-01-02.jsonl")
    #expect(try Self.readIDs([directory]) == ["day1", "day2"])
    let empty = try TestSupport.scratchDirectory()
    #expect(throws: TraceError.self) { try LogSet(arguments: [empty]) }
  }

  @Test func aFileNamedTwiceIsAUsageError() throws {
    let paths = try Self.files([Self.line(0, "a")])
    let directory = parentDirectory(paths[0])
    for arguments in [[paths[0], paths[0]], [directory, paths[0]]] {
      #expect(throws: TraceError.self) { try LogSet(arguments: arguments) }
      do { _ = try LogSet(arguments: arguments) } catch { #expect(error.kind == .usage) }
    }
  }

  @Test func labelsNameTheLogsOrTheFirstAndLast() throws {
    let paths = try Self.files((0..<5).map { Self.line(Double($0), "r\($0)") }, names: (0..<5).map { "h0\($0).jsonl" })
    #expect(try LogSet(arguments: [paths[0]]).label == "h00.jsonl")
    #expect(try LogSet(arguments: paths).label == "5 logs: h00.jsonl ... h04.jsonl")
  }

  /// A pipe is read once into the spool; every reader then reads the same bytes, each at its own
  /// offset, even interleaved.
  @Test func aSpooledPipeServesEveryReaderTheSameRecords() throws {
    let text = (0..<3000).map { Self.line(Double($0), "r\($0)") }.joined()
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    let (readEnd, writeEnd) = (ends[0], ends[1])
    let writer = Thread {
      let bytes = Array(text.utf8)
      var offset = 0
      while offset < bytes.count {
        let n = bytes.withUnsafeBytes { buffer in
          buffer.baseAddress.map { write(writeEnd, $0 + offset, buffer.count - offset) } ?? -1
        }
        if n <= 0 { break }
        offset += n
      }
      close(writeEnd)
    }
    writer.start()
    let shared = try Spool.copy(from: readEnd, name: "-")
    close(readEnd)
    #expect(shared.size == text.utf8.count)
    let file = LogSet.File(name: "-", origin: .shared(shared), sideFileDirectory: nil, size: shared.size)
    let first = try TraceReader(file: file, options: TraceReadOptions(), budget: nil)
    let second = try TraceReader(file: file, options: TraceReadOptions(), budget: nil)
    var a: [String] = []
    var b: [String] = []
    while true {
      let x = try first.next()
      let y = try second.next()
      if let x { a.append(x.id ?? "") }
      if let y { b.append(y.id ?? "") }
      if x == nil && y == nil { break }
    }
    #expect(a.count == 3000)
    #expect(a == b)
  }

  @Test func theSpoolIsPrivateAndLeavesNoName() throws {
    let directory = try TestSupport.scratchDirectory()
    let descriptor = try Spool.createAnonymousFile(in: directory, for: "-")
    defer { close(descriptor) }
    var info = stat()
    #expect(fstat(descriptor, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o600)
    #expect(info.st_nlink == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    // An unwritable directory is an error naming it.
    #expect(throws: TraceError.self) { try Spool.createAnonymousFile(in: directory + "/missing", for: "-") }
  }
}

private func parentDirectory(_ path: String) -> String {
  (path as NSString).deletingLastPathComponent
}

/// A small seeded generator, so each argument's case is reproducible.
private struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
