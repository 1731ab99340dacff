#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Deletes trees through directory descriptors (`openat`, `unlinkat`), never following a
/// symbolic link: a link found, or swapped in while the deletion runs, is removed itself and
/// never the place it points to. A hostile local user who can write beside a report therefore
/// cannot turn muroute's cleanup against files elsewhere.
public enum SafeRemoval {
  /// Why an entry could not be removed.
  public struct Failure: Error, Sendable, Equatable {
    public var path: String
    public var reason: String
  }

  /// What `removeTree` did.
  public enum Outcome: Sendable, Equatable {
    case removed
    case absent
    case failed(Failure)
  }

  /// Removes `path` (a file, a link or a directory tree). Only the last component's parent is
  /// resolved by name; everything below it is reached through descriptors.
  public static func removeTree(_ path: String) -> Outcome {
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    let name = TemporaryFiles.lastComponent(of: trimmed)
    guard !name.isEmpty, name != ".", name != ".." else {
      return .failed(Failure(path: path, reason: "refusing to remove a path that ends in '\(name)'"))
    }
    let parent = open(TemporaryFiles.parentDirectory(of: trimmed), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard parent >= 0 else {
      return errno == ENOENT ? .absent : .failed(Failure(path: path, reason: TemporaryFiles.errnoText()))
    }
    defer { close(parent) }
    return removeEntry(named: name, in: parent, path: trimmed)
  }

  /// Removes entry `name` of the directory open as `directory`.
  static func removeEntry(named name: String, in directory: Int32, path: String) -> Outcome {
    var info = stat()
    guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
      return errno == ENOENT ? .absent : .failed(Failure(path: path, reason: TemporaryFiles.errnoText()))
    }
    if (info.st_mode & S_IFMT) != S_IFDIR {
      if unlinkat(directory, name, 0) == 0 || errno == ENOENT { return .removed }
      // Replaced by a directory since the look: go round again on what is there now.
      if errno == EISDIR || errno == EPERM { return removeDirectory(named: name, in: directory, path: path) }
      return .failed(Failure(path: path, reason: TemporaryFiles.errnoText()))
    }
    return removeDirectory(named: name, in: directory, path: path)
  }

  private static func removeDirectory(named name: String, in directory: Int32, path: String) -> Outcome {
    let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard child >= 0 else {
      switch errno {
      case ENOENT: return .removed
      // Swapped for a link or a file since the look: remove that entry itself.
      case ELOOP, ENOTDIR:
        return unlinkat(directory, name, 0) == 0 || errno == ENOENT
          ? .removed : .failed(Failure(path: path, reason: TemporaryFiles.errnoText()))
      default: return .failed(Failure(path: path, reason: TemporaryFiles.errnoText()))
      }
    }
    // `entries` takes the descriptor over (and closes it); the removals need their own.
    let listing = dup(child)
    guard listing >= 0, let names = entries(ofDirectoryDescriptor: listing) else {
      close(child)
      return .failed(Failure(path: path, reason: TemporaryFiles.errnoText()))
    }
    for entry in names.sorted() {
      if case .failed(let failure) = removeEntry(named: entry, in: child, path: path + "/" + entry) {
        close(child)
        return .failed(failure)
      }
    }
    close(child)
    if unlinkat(directory, name, AT_REMOVEDIR) == 0 || errno == ENOENT { return .removed }
    return .failed(Failure(path: path, reason: TemporaryFiles.errnoText()))
  }

  /// The names in the directory open as `fd` (without `.` and `..`), or nil when it cannot be
  /// read. Takes ownership of `fd` and closes it.
  public static func entries(ofDirectoryDescriptor fd: Int32) -> [String]? {
    guard let dir = fdopendir(fd) else {
      close(fd)
      return nil
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
