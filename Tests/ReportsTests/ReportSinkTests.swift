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
    #expect(names == [ReportTarget.markerName, "keep.md"])
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

  @Test func aFailedStagingLeavesThePreviousReportAndNoDebris() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let target = root + "/report"
    try ReportSink.writeDirectory([ReportFile(name: "keep.md", contents: "1")], to: target)
    // The second file escapes the directory: staging stops after writing the first.
    #expect(throws: ReportError.self) {
      try ReportSink.writeDirectory(
        [ReportFile(name: "new.md", contents: "2"), ReportFile(name: "../evil", contents: "x")], to: target)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["report"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: target).sorted() == [ReportTarget.markerName, "keep.md"])
  }

  @Test func debrisOfKilledRunsIsRemovedButALiveRunsStagingIsNot() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let target = root + "/report"
    // What a SIGKILLed run leaves: its staging directory, named by a process that is gone.
    // PIDs above the kernel's pid_max (4,194,304 at most) never belong to a live process.
    let dead = target + ReportSink.stagingMarker + "99999999"
    let deadPrevious = target + ReportSink.previousMarker + "99999998"
    // A run still going (this process's parent is alive) keeps its staging directory.
    let live = target + ReportSink.stagingMarker + String(getppid())
    for path in [dead + "/svg", deadPrevious, live] {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    _ = FileManager.default.createFile(atPath: dead + "/svg/half.svg", contents: Data("<svg".utf8))
    // A run writes the marker first, so a killed run's staging directory carries it.
    _ = FileManager.default.createFile(atPath: dead + "/" + ReportTarget.markerName, contents: Data(ReportTarget.markerContents.utf8))
    try ReportSink.writeDirectory([ReportFile(name: "a.md", contents: "A")], to: target)
    let siblings = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
    #expect(siblings == ["report", "report" + ReportSink.stagingMarker + String(getppid())])
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
