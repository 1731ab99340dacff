import FuzzSupport
import Traces

/// The binary log reader (`.mrlog`). A payload that starts with the magic bytes is read as it
/// is, or with its checksums recomputed first (so that mutations reach the record decoder);
/// any other payload is read as canonical JSON Lines, written as a binary log with windows and
/// frame sizes the control bytes pick, read back (it must give the same records), then damaged
/// or cut (it must give an error, after only records of the log). See BinaryLogHarness.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  var input = FuzzInput(data, size)
  let options = ReaderHarness.options(&input, format: .mrlog)
  BinaryLogHarness.check(input.payload, &input, options: options)
  return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_mrlog_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
