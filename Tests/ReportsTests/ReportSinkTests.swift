import Foundation
import Testing
@testable import Reports

@Suite struct ReportSinkTests {
  func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "muroute-sink-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func writesAllFilesIncludingSubdirectories() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let target = root + "/report"
    try ReportSink.writeDirectory(
      [ReportFile(name: "a.md", contents: "A"), ReportFile(name: "svg/b.svg", contents: "<svg/>")], to: target)
    #expect(try String(contentsOfFile: target + "/a.md", encoding: .utf8) == "A")
    #expect(try String(contentsOfFile: target + "/svg/b.svg", encoding: .utf8) == "<svg/>")
  }

  @Test func replacesThePreviousReportWholeAndLeavesNoStaging() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let target = root + "/report"
    try ReportSink.writeDirectory(
      [ReportFile(name: "old.md", contents: "old"), ReportFile(name: "keep.md", contents: "1")], to: target)
    try ReportSink.writeDirectory([ReportFile(name: "keep.md", contents: "2")], to: target)
    let names = try FileManager.default.contentsOfDirectory(atPath: target).sorted()
    #expect(names == ["keep.md"])
    #expect(try String(contentsOfFile: target + "/keep.md", encoding: .utf8) == "2")
    let siblings = try FileManager.default.contentsOfDirectory(atPath: root)
    #expect(siblings == ["report"])
  }

  @Test func refusesNamesThatEscapeTheDirectoryAndKeepsThePreviousReport() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let target = root + "/report"
    try ReportSink.writeDirectory([ReportFile(name: "keep.md", contents: "1")], to: target)
    #expect(throws: ReportError.self) {
      try ReportSink.writeDirectory([ReportFile(name: "../evil", contents: "x")], to: target)
    }
    #expect(try String(contentsOfFile: target + "/keep.md", encoding: .utf8) == "1")
  }

  @Test func unwritableParentIsAnErrorNamingThePath() throws {
    do {
      try ReportSink.writeDirectory([ReportFile(name: "a", contents: "")], to: "/proc/muroute-cannot/x")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("/proc/muroute-cannot/x"))
    }
  }
}
