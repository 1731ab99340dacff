import Foundation
import Testing
import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct SecureCreationTests {
  @Test func filesArePrivateExclusiveAndUnpredictable() throws {
    let root = try scratchDirectory("secure")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let first = try SecureCreation.createFile(in: root, prefix: ".x.tmp-")
    let second = try SecureCreation.createFile(in: root, prefix: ".x.tmp-")
    close(first.fd)
    close(second.fd)
    TemporaryFiles.unregister(first.path)
    TemporaryFiles.unregister(second.path)
    #expect(first.path != second.path)
    var info = stat()
    #expect(lstat(first.path, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o600)
    #expect((info.st_mode & S_IFMT) == S_IFREG)
    #expect(TemporaryFiles.lastComponent(of: first.path).count == ".x.tmp-".count + 16)
  }

  @Test func directoriesArePrivate() throws {
    let root = try scratchDirectory("secure-dir")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = try SecureCreation.createDirectory(in: root, prefix: "d-")
    TemporaryFiles.unregister(path)
    var info = stat()
    #expect(lstat(path, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o700)
  }

  @Test func anUnwritableDirectoryIsAnErrorNamingIt() {
    #expect(throws: SecureCreation.Failure.self) { try SecureCreation.createFile(in: "/proc/muroute-none", prefix: "x") }
  }
}
