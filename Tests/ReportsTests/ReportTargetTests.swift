import Foundation
import Testing
@testable import Reports

#if canImport(Glibc)
  import Glibc
#endif

/// `--out` never destroys what is not a report: each refusal leaves everything as it was.
@Suite struct ReportTargetTests {
  func scratch() throws -> String {
    let path = NSTemporaryDirectory() + "muroute-target-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  func write(_ text: String, to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
  }

  let report = [ReportFile(name: "report.md", contents: "new")]

  @Test func aDirectoryOfUserFilesIsRefusedAndKept() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/photos", withIntermediateDirectories: true)
    write("precious", to: root + "/photos/a.jpg")
    #expect(throws: ReportError.self) { try ReportSink.writeDirectory(report, to: root + "/photos") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/photos") == ["a.jpg"])
    #expect(try String(contentsOfFile: root + "/photos/a.jpg", encoding: .utf8) == "precious")
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["photos"])
  }

  @Test func forceReplacesAnUnmarkedDirectoryButNeverAFile() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/old", withIntermediateDirectories: true)
    write("x", to: root + "/old/notes.txt")
    try ReportSink.writeDirectory(report, to: root + "/old", force: true)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/old").sorted() == [ReportTarget.markerName, "report.md"])
    write("log", to: root + "/file")
    #expect(throws: ReportError.self) { try ReportSink.writeDirectory(report, to: root + "/file", force: true) }
    #expect(try String(contentsOfFile: root + "/file", encoding: .utf8) == "log")
  }

  @Test func aRegularFileIsRefusedAndKept() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    write("day log", to: root + "/day.jsonl")
    do {
      try ReportSink.writeDirectory(report, to: root + "/day.jsonl", inputs: [root + "/day.jsonl"])
      Issue.record("expected a refusal")
    } catch {
      #expect(error.description.contains("regular file"))
    }
    #expect(try String(contentsOfFile: root + "/day.jsonl", encoding: .utf8) == "day log")
  }

  @Test func aDirectoryHoldingAnInputIsRefusedEvenWithForceOrAMarker() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try ReportSink.writeDirectory(report, to: root + "/report")
    write("log", to: root + "/report/log.jsonl")
    for force in [false, true] {
      do {
        try ReportSink.writeDirectory(report, to: root + "/report", inputs: ["x", root + "/report/log.jsonl"], force: force)
        Issue.record("expected a refusal")
      } catch {
        #expect(error.description.contains("input"))
      }
    }
    #expect(FileManager.default.fileExists(atPath: root + "/report/log.jsonl"))
  }

  @Test func emptyAndMarkedDirectoriesAreReplacedAndKeepTheirMode() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
    chmod(root + "/empty", 0o700)
    try ReportSink.writeDirectory(report, to: root + "/empty")
    var info = stat()
    #expect(stat(root + "/empty", &info) == 0)
    #expect(info.st_mode & 0o7777 == 0o700)
    #expect(ReportTarget.isMarked(root + "/empty"))
    // A second run replaces the first run's report, mode still kept.
    try ReportSink.writeDirectory([ReportFile(name: "other.md", contents: "2")], to: root + "/empty")
    #expect(stat(root + "/empty", &info) == 0)
    #expect(info.st_mode & 0o7777 == 0o700)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/empty").sorted() == [ReportTarget.markerName, "other.md"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["empty"])
  }

  @Test func aForgedMarkerThatIsALinkDoesNotCount() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/dir", withIntermediateDirectories: true)
    write("muroute report directory\n", to: root + "/real-marker")
    try FileManager.default.createSymbolicLink(atPath: root + "/dir/" + ReportTarget.markerName, withDestinationPath: root + "/real-marker")
    write("keep", to: root + "/dir/keep")
    #expect(throws: ReportError.self) { try ReportSink.writeDirectory(report, to: root + "/dir") }
    #expect(FileManager.default.fileExists(atPath: root + "/dir/keep"))
  }

  @Test func dotDotDotRootAndTheCurrentDirectoryAreOneLineErrors() throws {
    for path in [".", "..", "/", "./", "a/.."] {
      do {
        _ = try ReportTarget.check(path)
        Issue.record("\(path) accepted")
      } catch {
        #expect(!error.description.contains("\n"))
      }
    }
    let cwd = FileManager.default.currentDirectoryPath
    #expect(throws: ReportError.self) { try ReportTarget.check(cwd) }
  }

  @Test func aLinkAsTheTargetIsRefusedAndItsDestinationKept() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
    write("keep", to: root + "/elsewhere/keep")
    try FileManager.default.createSymbolicLink(atPath: root + "/report", withDestinationPath: root + "/elsewhere")
    #expect(throws: ReportError.self) { try ReportSink.writeDirectory(report, to: root + "/report") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/elsewhere") == ["keep"])
  }

  @Test func aMissingParentIsFoundBeforeAnyWork() {
    #expect(throws: ReportError.self) { try ReportTarget.check("/nonexistent-muroute/dir/report") }
    #expect(throws: ReportError.self) { try ReportTarget.check("/proc/muroute-report") }
  }

  /// Debris that looks like a killed run's staging directory but is a link, or holds files a
  /// run did not write, is never followed or removed.
  @Test func debrisCleanupTouchesOnlyMarkedDirectoriesOfThisUser() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root + "/victim", withIntermediateDirectories: true)
    write("keep", to: root + "/victim/keep")
    let deadLink = root + "/report" + ReportSink.stagingMarker + "99999999-0000000000000000"
    try FileManager.default.createSymbolicLink(atPath: deadLink, withDestinationPath: root + "/victim")
    let unmarked = root + "/report" + ReportSink.previousMarker + "99999998-0000000000000001"
    try FileManager.default.createDirectory(atPath: unmarked, withIntermediateDirectories: true)
    write("someone's", to: unmarked + "/file")
    let marked = root + "/report" + ReportSink.stagingMarker + "99999997-0000000000000002"
    try FileManager.default.createDirectory(atPath: marked + "/svg", withIntermediateDirectories: true)
    write(ReportTarget.markerContents, to: marked + "/" + ReportTarget.markerName)
    try ReportSink.writeDirectory(report, to: root + "/report")
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/victim") == ["keep"])
    #expect(FileManager.default.fileExists(atPath: unmarked + "/file"))
    #expect(!FileManager.default.fileExists(atPath: marked))
    #expect(FileManager.default.fileExists(atPath: deadLink))
  }

  /// Without the atomic exchange (macOS, a file system that refuses it) the previous report is
  /// set aside and the new one moved in: no trap, no debris, the mode kept.
  @Test func withoutTheExchangeTheFallbackReplacesWholeAndLeavesNothing() throws {
    let root = try scratch()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try ReportSink.writeDirectory([ReportFile(name: "old.md", contents: "old")], to: root + "/report")
    chmod(root + "/report", 0o750)
    let refused: (UnsafePointer<CChar>, UnsafePointer<CChar>) -> Int32 = { _, _ in
      errno = ENOSYS
      return -1
    }
    let target = try ReportTarget.check(root + "/report")
    try ReportSink.writeDirectory(report, to: target, inputs: [], force: false, exchange: refused)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/report").sorted() == [ReportTarget.markerName, "report.md"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["report"])
    var info = stat()
    #expect(stat(root + "/report", &info) == 0)
    #expect(info.st_mode & 0o7777 == 0o750)
  }
}
