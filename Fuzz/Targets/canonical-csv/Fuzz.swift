import FuzzSupport
import Traces

/// The canonical-csv reader: control bytes pick the reader options real runs take (bad-line budget,
/// reorder window, line limit, units, field names; the format forced or detected), the payload
/// is the log. See ReaderHarness for what is checked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  var input = FuzzInput(data, size)
  let options = ReaderHarness.options(&input, format: .canonicalCSV)
  ReaderHarness.read(input.payload, options: options)
  return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_canonical_csv_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
