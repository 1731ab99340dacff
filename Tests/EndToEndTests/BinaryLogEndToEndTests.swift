import Foundation
import Testing

/// A binary log (`convert -o FILE.mrlog`) stands in for the JSON Lines log it came from in every
/// command: converted back it is the same bytes, and replay, inspect and calibrate give the
/// same output from either (except the lines that name the file read).
@Suite(.serialized) struct BinaryLogEndToEndTests {
  static let replayFlags = ["--pods", "4", "--policy", "p2c", "--policy", "prefix-aware"]

  /// A synthesized log (ids, tenants, sessions, models, max_tokens, prefix blocks, block size)
  /// and a log of production observations (cached tokens, pods, latencies, statuses), each
  /// also converted to `.mrlog`.
  static func logs() throws -> URL {
    let directory = try MURouteProcess.temporaryDirectory("binary-log")
    let synth = try MURouteProcess.run(
      ["synth", "--requests", "600", "--pods", "4", "--seed", "9", "--block-size", "16", "--out", "log.jsonl"], in: directory)
    try #require(synth.status == 0, "\(synth.standardError)")
    var lines: [String] = []
    for i in 0..<400 {
      let input = 200 + (i * 37) % 1800
      let output = 10 + (i * 13) % 90
      let ttft = 20 + Double(input) * 0.07
      let e2e = ttft + Double(output - 1) * 15
      let status = ["ok", "ok", "ok", "error", "timeout"][i % 5]
      lines.append(
        #"{"ts":\#(Double(i) * 0.05),"input_tokens":\#(input),"output_tokens":\#(output),"id":"q\#(i)","model":"m","cached_tokens":\#(i % 7 * 16),"pod":"p\#(i % 4)","ttft_ms":\#(ttft),"e2e_ms":\#(e2e),"status":"\#(status)"}"#
      )
    }
    try (lines.joined(separator: "\n") + "\n").write(
      to: directory.appendingPathComponent("observed-source.jsonl"), atomically: true, encoding: .utf8)
    for (from, to) in [
      ("observed-source.jsonl", "observed.jsonl"), ("log.jsonl", "log.mrlog"), ("observed.jsonl", "observed.mrlog"),
    ] {
      let convert = try MURouteProcess.run(["convert", from, "--out", to], in: directory)
      try #require(convert.status == 0, "\(convert.standardError)")
    }
    return directory
  }

  /// Converted back to JSON Lines, each binary log is byte for byte the log it was made from:
  /// no field, value or record order is lost.
  @Test func convertingBackGivesTheSameBytes() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["log", "observed"] {
      let back = try MURouteProcess.run(["convert", "\(name).mrlog", "--out", "\(name)-back.jsonl"], in: directory)
      try #require(back.status == 0, "\(back.standardError)")
      #expect(back.standardError.contains("(mrlog)"))
      let original = try Data(contentsOf: directory.appendingPathComponent("\(name).jsonl"))
      let again = try Data(contentsOf: directory.appendingPathComponent("\(name)-back.jsonl"))
      #expect(original.count > 10_000)
      #expect(original == again, "\(name).mrlog does not convert back to \(name).jsonl")
    }
    let binary = try Data(contentsOf: directory.appendingPathComponent("log.mrlog"))
    let text = try Data(contentsOf: directory.appendingPathComponent("log.jsonl"))
    #expect(binary.prefix(6) == Data([0x89, 0x4D, 0x52, 0x4C, 0x4F, 0x47]))
    #expect(binary.count * 4 < text.count, "\(binary.count) bytes of binary log for \(text.count) of text")
  }

  /// `synth -o FILE.mrlog` writes the binary log directly: the same bytes as converting the
  /// JSON Lines log it would have written.
  @Test func synthWritesTheBinaryLogByItsName() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    let synth = try MURouteProcess.run(
      ["synth", "--requests", "600", "--pods", "4", "--seed", "9", "--block-size", "16", "-o", "direct.mrlog"],
      in: directory)
    try #require(synth.status == 0, "\(synth.standardError)")
    let direct = try Data(contentsOf: directory.appendingPathComponent("direct.mrlog"))
    let converted = try Data(contentsOf: directory.appendingPathComponent("log.mrlog"))
    #expect(direct == converted)
  }

  /// Replays of either give byte-identical reports (observed-outcome sections included).
  @Test func replayReportsAreIdentical() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["log", "observed"] {
      var reports: [[String: String]] = []
      for ext in ["jsonl", "mrlog"] {
        let out = "\(name)-\(ext)"
        let run = try MURouteProcess.run(["replay", "\(name).\(ext)"] + Self.replayFlags + ["--out", out], in: directory)
        try #require(run.status == 0, "\(run.standardError)")
        reports.append(LogInputTests.report(directory.appendingPathComponent(out)))
      }
      #expect(reports[0].count > 5)
      #expect(reports[0] == reports[1], "replays of \(name).jsonl and \(name).mrlog differ")
    }
    let observed = try String(contentsOf: directory.appendingPathComponent("observed-mrlog/report.md"), encoding: .utf8)
    #expect(observed.contains("Log `observed.mrlog`: 400 requests"))
  }

  /// A sweep reads a binary log as it reads the JSON Lines, from a file or from standard input.
  @Test func sweepReportsAreIdentical() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    let flags = ["--pods", "4", "--policy", "mu-subset", "--subset-size", "1,2"]
    let text = try MURouteProcess.run(["sweep", "log.jsonl"] + flags + ["--out", "from-text"], in: directory)
    try #require(text.status == 0, "\(text.standardError)")
    let binary = try MURouteProcess.run(["sweep", "log.mrlog"] + flags + ["--out", "from-binary"], in: directory)
    try #require(binary.status == 0, "\(binary.standardError)")
    let piped = try LogInputTests.run(
      ["sweep", "-"] + flags + ["--out", "from-stdin"], in: directory, feeding: directory.appendingPathComponent("log.mrlog"))
    try #require(piped.status == 0, "\(piped.standardError)")
    let expected = LogInputTests.report(directory.appendingPathComponent("from-text"))
    #expect(expected.count > 3)
    #expect(LogInputTests.report(directory.appendingPathComponent("from-binary")) == expected)
    #expect(LogInputTests.report(directory.appendingPathComponent("from-stdin")) == expected)
  }

  /// `inspect` describes either alike (but for the file and format), `calibrate` fits the same
  /// profile from either.
  @Test func inspectAndCalibrateAgree() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    func inspect(_ file: String) throws -> String {
      let run = try MURouteProcess.run(["inspect", "--json", file], in: directory)
      try #require(run.status == 0, "\(run.standardError)")
      return run.standardOutput.replacingOccurrences(of: #""(file|format)":"[^"]*""#, with: "", options: .regularExpression)
    }
    #expect(try inspect("log.jsonl") == inspect("log.mrlog"))
    #expect(try inspect("observed.jsonl") == inspect("observed.mrlog"))
    var profiles: [Data] = []
    for ext in ["jsonl", "mrlog"] {
      let run = try MURouteProcess.run(
        ["calibrate", "observed.\(ext)", "--profile", "llama-3-8b-a100", "--out", "fitted-\(ext).json", "--max-evaluations", "8"],
        in: directory)
      try #require(run.status == 0, "\(run.standardError)")
      profiles.append(try Data(contentsOf: directory.appendingPathComponent("fitted-\(ext).json")))
    }
    #expect(profiles[0] == profiles[1])
  }

  /// A damaged binary log stops every command with an error naming the file and the frame.
  @Test func aDamagedLogIsNamed() throws {
    let directory = try Self.logs()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("log.mrlog")
    var bytes = try Data(contentsOf: path)
    bytes[bytes.count / 2] ^= 0x40
    try bytes.write(to: path)
    let run = try MURouteProcess.run(["replay", "log.mrlog"] + Self.replayFlags + ["--out", "out"], in: directory)
    #expect(run.status == 1)
    #expect(run.standardError.contains("log.mrlog: "), "\(run.standardError)")
    #expect(run.standardError.contains("checksum does not match (frame at byte offset"), "\(run.standardError)")
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
  }
}
