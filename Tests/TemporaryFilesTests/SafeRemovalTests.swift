import Foundation
import Testing
import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#endif

func scratchDirectory(_ label: String) throws -> String {
  let path = NSTemporaryDirectory() + "muroute-\(label)-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

func makeFiles(_ names: [String], in directory: String) throws {
  for name in names {
    let path = directory + "/" + name
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(name.utf8)))
  }
}

@Suite struct SafeRemovalTests {
  @Test func removesATreeWithNestedDirectories() throws {
    let root = try scratchDirectory("remove")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try makeFiles(["tree/a", "tree/b/c", "tree/b/d/e"], in: root)
    #expect(SafeRemoval.removeTree(root + "/tree") == .removed)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    #expect(SafeRemoval.removeTree(root + "/tree") == .absent)
  }

  @Test func aLinkInsideTheTreeIsRemovedNotFollowed() throws {
    let root = try scratchDirectory("links")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try makeFiles(["outside/keep-1", "outside/keep-2", "tree/own"], in: root)
    try FileManager.default.createSymbolicLink(atPath: root + "/tree/to-outside", withDestinationPath: root + "/outside")
    #expect(SafeRemoval.removeTree(root + "/tree") == .removed)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/outside").sorted() == ["keep-1", "keep-2"])
  }

  @Test func aLinkAsTheTreeItselfIsRemovedNotFollowed() throws {
    let root = try scratchDirectory("link-root")
    defer { try? FileManager.default.removeItem(atPath: root) }
    try makeFiles(["outside/keep"], in: root)
    try FileManager.default.createSymbolicLink(atPath: root + "/tree", withDestinationPath: root + "/outside")
    #expect(SafeRemoval.removeTree(root + "/tree") == .removed)
    #expect(FileManager.default.fileExists(atPath: root + "/outside/keep"))
  }

  @Test func refusesDotAndDotDot() {
    #expect(SafeRemoval.removeTree("/tmp/.") != .removed)
    #expect(SafeRemoval.removeTree("/tmp/..") != .removed)
  }

  /// Another local user swaps a directory of the tree for a link to their target, over and over,
  /// while the deletion runs. Nothing outside the tree may ever be deleted.
  @Test func aRaceThatSwapsDirectoriesForLinksNeverReachesOutside() throws {
    let root = try scratchDirectory("race")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let outsideNames = (0..<20).map { "victim-\($0)" }
    try makeFiles(outsideNames.map { "outside/\($0)" }, in: root)
    for round in 0..<10 {
      let tree = root + "/tree-\(round)"
      try makeFiles((0..<30).map { "debris/\($0)/file" } + ["debris/x"], in: tree)
      let stop = Atomic(false)
      let attacker = Thread {
        var flip = 0
        while !stop.value {
          let victim = tree + "/debris/\(flip % 30)"
          // Move the real directory away and put a link to the outside in its place.
          _ = rename(victim, victim + ".moved")
          _ = symlink(root + "/outside", victim)
          flip += 1
        }
      }
      attacker.start()
      _ = SafeRemoval.removeTree(tree)
      stop.value = true
      while !attacker.isFinished { usleep(100) }
      _ = SafeRemoval.removeTree(tree)
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: root + "/outside").sorted() == outsideNames.sorted(),
        "round \(round)")
    }
  }
}

/// A flag one thread sets and another reads.
final class Atomic<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value
  init(_ value: Value) { stored = value }
  var value: Value {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
