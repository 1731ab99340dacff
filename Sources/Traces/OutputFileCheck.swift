#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The checks a log output (`convert --out`, `synth --out`) passes before any work starts: it
/// may be a new path, or with `force` an existing regular file; never one of the run's inputs,
/// a directory, a link or a device.
public enum OutputFileCheck {
  /// Throws an error naming `path` unless the run may write it.
  public static func check(_ path: String, inputs: [String] = [], force: Bool) throws(TraceError) {
    guard path != "-" else { return }
    var info = stat()
    guard lstat(path, &info) == 0 else {
      guard errno == ENOENT else {
        throw TraceError(.io, file: path, message: "cannot use it as the output: \(ByteSource.errnoText())", hint: "choose another --out")
      }
      return
    }
    for input in inputs where input != "-" && !input.isEmpty {
      var inputInfo = stat()
      if stat(input, &inputInfo) == 0, inputInfo.st_dev == info.st_dev, inputInfo.st_ino == info.st_ino {
        throw TraceError(.io, file: path, message: "the output is the input log '\(input)'", hint: "write to another file")
      }
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw TraceError(.io, file: path, message: "the output exists and is not a regular file", hint: "choose another --out")
    }
    guard force else {
      throw TraceError(.io, file: path, message: "the output already exists", hint: "choose another --out, or pass --force to replace it")
    }
  }
}
