import Fleet
import Foundation
import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a cost profile as JSON so that the path holds either nothing new or the whole file:
/// a private temporary file beside it, synced, then linked into place (which fails if the path
/// exists) or, with `force`, renamed over it.
enum ProfileFileWriter {
  static func write(_ profile: CostProfile, to path: String, force: Bool) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(profile) + Data("\n".utf8)
    let directory = TemporaryFiles.parentDirectory(of: path)
    let (temporary, fd) = try SecureCreation.createFile(in: directory, prefix: ".muroute-profile-")
    defer {
      unlink(temporary)
      TemporaryFiles.unregister(temporary)
    }
    let failure: String? = data.withUnsafeBytes { buffer -> String? in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return TemporaryFiles.errnoText()
        }
        offset += written
      }
      return fsync(fd) == 0 ? nil : TemporaryFiles.errnoText()
    }
    close(fd)
    if let failure { throw ProfileWriteError(path: path, reason: failure) }
    // The temporary file is 0600; a profile is for sharing like any output.
    chmod(temporary, 0o644 & ~SecureCreation.currentUmask())
    if force {
      guard rename(temporary, path) == 0 else { throw ProfileWriteError(path: path, reason: TemporaryFiles.errnoText()) }
    } else {
      guard link(temporary, path) == 0 else {
        let reason = errno == EEXIST ? "it already exists; pass --force to replace it" : TemporaryFiles.errnoText()
        throw ProfileWriteError(path: path, reason: reason)
      }
    }
  }
}

struct ProfileWriteError: Error, CustomStringConvertible {
  var path: String
  var reason: String
  var description: String { "cannot write the profile \(path): \(reason)" }
}
