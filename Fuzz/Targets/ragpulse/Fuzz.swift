import Foundation
import FuzzSupport
import Traces

/// The RAGPulse reader, with and without its chunk-length side files. When the third control
/// byte says so, the payload is the trace and its five side files (`1_sys_prompt` ...
/// `5_web_search`, in that order) separated by 0x1F bytes; they are written to a per-process
/// directory and read by path, as the side files only ever are. Otherwise the payload is the trace
/// alone, read from memory (as from stdin: each chunk one 512-token block).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  var input = FuzzInput(data, size)
  let options = ReaderHarness.options(&input, format: .ragpulse)
  guard input.byte() & 3 == 1 else {
    ReaderHarness.read(input.payload, options: options)
    return 0
  }
  let parts = input.payload.split(separator: 0x1F, maxSplits: 5, omittingEmptySubsequences: false)
  let directory = SideFiles.directory
  let names = ["0_trace", "1_sys_prompt", "2_passages", "3_history", "4_user_input", "5_web_search"]
  for (index, name) in names.enumerated() {
    let path = "\(directory)/\(name).jsonl"
    if index < parts.count {
      FileManager.default.createFile(atPath: path, contents: Data(parts[index]))
    } else {
      try? FileManager.default.removeItem(atPath: path)
    }
  }
  let trace = "\(directory)/0_trace.jsonl"
  ReaderHarness.read(options: options, name: trace) { () throws(TraceError) in try TraceReader(path: trace, options: options) }
  return 0
}

/// A directory of this process's own under $TMPDIR, removed at exit.
enum SideFiles {
  static let directory: String = {
    let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    let path = "\(base)/muroute-fuzz-ragpulse-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: SideFiles.directory) }
    return path
  }()
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_ragpulse_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
