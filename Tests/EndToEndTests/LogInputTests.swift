import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Standard input, FIFOs, several logs and directories give the very report the same records
/// give from one file: every policy sees the whole log, and several daily logs share one clock.
///
/// Reports are compared byte for byte except the lines that name the source and the command
/// (`Log ...` and `produced by` in the Markdown, `"source"` and `"command_line"` in the JSON):
/// those say what was read and how, which is what differs.
@Suite(.serialized) struct LogInputTests {
  static let replayFlags = ["--pods", "4", "--policy", "p2c", "--policy", "round-robin"]

  /// A scratch directory with `log.jsonl`, `log.jsonl.zst` and `days/day-{1,2,3}.jsonl` (the
  /// log cut in three by time).
  static func logs() throws -> URL {
    let directory = try MURouteProcess.temporaryDirectory("log-input")
    let synth = try MURouteProcess.run(
      ["synth", "--requests", "600", "--pods", "4", "--seed", "9", "--out", "log.jsonl"], in: directory)
    try #require(synth.status == 0, "\(synth.standardError)")
    let convert = try MURouteProcess.run(["convert", "log.jsonl", "--out", "log.jsonl.zst"], in: directory)
    try #require(convert.status == 0, "\(convert.standardError)")
    let lines = try String(contentsOf: directory.appendingPathComponent("log.jsonl"), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: true)
    let days = directory.appendingPathComponent("days")
    try FileManager.default.createDirectory(at: days, withIntermediateDirectories: true)
    let cuts = [0, lines.count / 3, 2 * lines.count / 3, lines.count]
    for day in 0..<3 {
      let text = lines[cuts[day]..<cuts[day + 1]].joined(separator: "\n") + "\n"
      try text.write(to: days.appendingPathComponent("day-\(day + 1).jsonl"), atomically: true, encoding: .utf8)
    }
    return directory
  }

  /// Every report file's bytes, with the lines that name the source taken out.
  static func report(_ directory: URL) -> [String: String] {
    MURouteProcess.contents(of: directory).mapValues { data in
      String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .filter {
          !$0.hasPrefix("Log `") && !$0.hasPrefix("  \"source\": ") && !$0.hasPrefix("- **produced by**")
            && !$0.hasPrefix("  \"command_line\": ")
        }.joined(separator: "\n")
    }
  }

  static func sourceLine(_ directory: URL) throws -> String {
    let markdown = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
    return markdown.split(separator: "\n").first { $0.hasPrefix("Log `") }.map(String.init) ?? ""
  }

  @Test func standardInputGivesTheReportOfTheFile() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try MURouteProcess.run(["replay", "log.jsonl.zst"] + Self.replayFlags + ["--out", "from-file"], in: directory)
    try #require(file.status == 0, "\(file.standardError)")
    let piped = try Self.run(
      ["replay", "-", "--max-bad-lines", "5"] + Self.replayFlags + ["--out", "from-stdin"], in: directory,
      feeding: directory.appendingPathComponent("log.jsonl.zst"))
    try #require(piped.status == 0, "\(piped.standardError)")
    let expected = Self.report(directory.appendingPathComponent("from-file"))
    #expect(expected.count > 5)
    #expect(Self.report(directory.appendingPathComponent("from-stdin")) == expected)
    #expect(try Self.sourceLine(directory.appendingPathComponent("from-stdin")).hasPrefix("Log `standard input`: 600 requests"))
  }

  @Test func sweepReadsStandardInput() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    let flags = ["--pods", "4", "--policy", "mu-subset", "--subset-size", "1,2"]
    let file = try MURouteProcess.run(["sweep", "log.jsonl"] + flags + ["--out", "from-file"], in: directory)
    try #require(file.status == 0, "\(file.standardError)")
    let piped = try Self.run(
      ["sweep", "-"] + flags + ["--out", "from-stdin"], in: directory, feeding: directory.appendingPathComponent("log.jsonl"))
    try #require(piped.status == 0, "\(piped.standardError)")
    let expected = Self.report(directory.appendingPathComponent("from-file"))
    #expect(expected.count > 3)
    #expect(Self.report(directory.appendingPathComponent("from-stdin")) == expected)
  }

  @Test func aFIFOGivesTheReportOfTheFile() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try MURouteProcess.run(["replay", "log.jsonl"] + Self.replayFlags + ["--out", "from-file"], in: directory)
    try #require(file.status == 0, "\(file.standardError)")
    let fifo = directory.appendingPathComponent("fifo").path
    try #require(mkfifo(fifo, 0o600) == 0)
    let stderr = directory.appendingPathComponent("stderr")
    let process = try MURouteProcess.start(
      ["replay", "fifo"] + Self.replayFlags + ["--out", "from-fifo"], in: directory, standardError: stderr)
    let bytes = try Data(contentsOf: directory.appendingPathComponent("log.jsonl"))
    Self.write(bytes, toFIFO: fifo, while: process)
    // A reader that opened the FIFO again would wait for a writer forever: give up after a
    // bound far above the run's time, so that the test fails instead of hanging.
    let finished = Self.wait(for: process, seconds: 300)
    if !finished { process.terminate() }
    try #require(finished, "the replay of a FIFO did not end")
    try #require(process.terminationStatus == 0, "\((try? String(contentsOf: stderr, encoding: .utf8)) ?? "")")
    #expect(Self.report(directory.appendingPathComponent("from-fifo")) == Self.report(directory.appendingPathComponent("from-file")))
  }

  @Test func dailyLogsGiveTheReportOfTheirConcatenation() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    let whole = try MURouteProcess.run(["replay", "log.jsonl"] + Self.replayFlags + ["--out", "whole"], in: directory)
    try #require(whole.status == 0, "\(whole.standardError)")
    let files = try MURouteProcess.run(
      ["replay", "days/day-1.jsonl", "days/day-2.jsonl", "days/day-3.jsonl"] + Self.replayFlags + ["--out", "files"], in: directory)
    try #require(files.status == 0, "\(files.standardError)")
    let folder = try MURouteProcess.run(["replay", "days"] + Self.replayFlags + ["--out", "folder"], in: directory)
    try #require(folder.status == 0, "\(folder.standardError)")
    let expected = Self.report(directory.appendingPathComponent("whole"))
    #expect(Self.report(directory.appendingPathComponent("files")) == expected)
    #expect(Self.report(directory.appendingPathComponent("folder")) == expected)
    #expect(
      try Self.sourceLine(directory.appendingPathComponent("folder"))
        .hasPrefix("Log `3 logs: day-1.jsonl, day-2.jsonl, day-3.jsonl`: 600 requests"))
  }

  @Test func aBadLineInTheSecondLogIsNamedByThatLogAndLine() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    let day2 = directory.appendingPathComponent("days/day-2.jsonl")
    var lines = try String(contentsOf: day2, encoding: .utf8).split(separator: "\n").map(String.init)
    lines[6] = #"{"ts":"soon","input_tokens":1,"output_tokens":1}"#
    try (lines.joined(separator: "\n") + "\n").write(to: day2, atomically: true, encoding: .utf8)
    let run = try MURouteProcess.run(["replay", "days"] + Self.replayFlags + ["--out", "out"], in: directory)
    #expect(run.status == 1)
    #expect(run.standardError.contains("days/day-2.jsonl:7: field 'ts'"), "\(run.standardError)")
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
  }

  @Test func inspectDescribesSeveralLogsAsOneOrEach() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    func json(_ arguments: [String]) throws -> [String] {
      let run = try MURouteProcess.run(["inspect", "--json"] + arguments, in: directory)
      try #require(run.status == 0, "\(run.standardError)")
      return run.standardOutput.split(separator: "\n").map(String.init)
    }
    /// The figures without the file name.
    func figures(_ line: String) -> String { line.replacingOccurrences(of: #""file":"[^"]*""#, with: "", options: .regularExpression) }
    let whole = try json(["log.jsonl"])
    let days = ["days/day-1.jsonl", "days/day-2.jsonl", "days/day-3.jsonl"]
    let merged = try json(["--merge"] + days)
    let folder = try json(["days"])
    let each = try json(days)
    try #require(whole.count == 1 && merged.count == 1 && folder.count == 1)
    #expect(figures(merged[0]) == figures(whole[0]))
    #expect(figures(folder[0]) == figures(whole[0]))
    #expect(merged[0].contains("3 logs: day-1.jsonl, day-2.jsonl, day-3.jsonl"))
    #expect(each.count == 3)
    #expect(each[1].contains("days/day-2.jsonl"))
  }

  // MARK: - Feeding input

  /// Runs muroute with `input` fed through a pipe, as `cat input | muroute ...` would.
  static func run(_ arguments: [String], in directory: URL, feeding input: URL) throws -> MURouteProcess.Outcome {
    guard let executable = MURouteProcess.executable else { throw MURouteProcess.MissingExecutable() }
    signal(SIGPIPE, SIG_IGN)  // a reader that stops early must fail the test, not kill it
    let capture = try MURouteProcess.temporaryDirectory("capture")
    defer { try? FileManager.default.removeItem(at: capture) }
    let outURL = capture.appendingPathComponent("stdout")
    let errURL = capture.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let pipe = Pipe()
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardInput = pipe
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    let bytes = try Data(contentsOf: input)
    let writer = pipe.fileHandleForWriting
    let feeder = Thread {
      Self.writeAll(bytes, to: writer.fileDescriptor)
      try? writer.close()
    }
    feeder.start()
    process.waitUntilExit()
    return MURouteProcess.Outcome(
      status: process.terminationStatus,
      standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
      standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
  }

  /// Writes until done or the reader goes away.
  static func writeAll(_ bytes: Data, to descriptor: Int32) {
    bytes.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(descriptor, base + offset, buffer.count - offset)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        offset += n
      }
    }
  }

  /// Opens the FIFO once its reader has (or gives up when the process ends first) and writes.
  static func write(_ bytes: Data, toFIFO path: String, while process: Process) {
    signal(SIGPIPE, SIG_IGN)
    var descriptor: Int32 = -1
    while process.isRunning {
      descriptor = open(path, O_WRONLY | O_NONBLOCK)
      if descriptor >= 0 { break }
      usleep(10_000)
    }
    guard descriptor >= 0 else { return }
    _ = fcntl(descriptor, F_SETFL, 0)
    writeAll(bytes, to: descriptor)
    close(descriptor)
  }

  /// Whether `process` ended within `seconds`.
  static func wait(for process: Process, seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    return !process.isRunning
  }
}
