import FuzzSupport
import Traces

/// The zstd stream reader. A payload that starts like a zstd stream is read as it is; any other
/// payload is compressed first as the control bytes say (frames, skippable frames, levels,
/// checksums, a truncation or a corrupted byte). Either way the compressed read must agree with
/// a plain read of libzstd's own decoding of the same bytes (ZstdHarness).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  var input = FuzzInput(data, size)
  let options = ReaderHarness.options(&input, format: nil)
  let flags = input.byte()
  let name = flags & 1 != 0 ? "fuzz.jsonl.zst" : "-"
  let payload = input.payload
  let raw = payload.count >= 4 && (payload.prefix(4).elementsEqual([0x28, 0xB5, 0x2F, 0xFD])
    || (payload[0] & 0xF0 == 0x50 && payload[1...3].elementsEqual([0x2A, 0x4D, 0x18])))
  if raw {
    ZstdHarness.check(payload, expected: nil, options: options, name: name)
    return 0
  }
  // Rarely (one input in 8,192: the third control byte and the eighth, which nothing else reads)
  // a text repeated past the line splitter's 256 KiB read chunk. Reading one costs as much as
  // thousands of ordinary inputs, so more often would starve the rest of the search.
  var text = payload
  if flags & 0x3E == 0x22, input.controlByte(7) == 0xA5, !text.isEmpty {
    while text.count < 300_000 { text += payload }
  }
  let (stream, damaged) = ZstdHarness.compose(text, &input)
  ZstdHarness.check(stream, expected: damaged ? nil : text, options: options, name: name)
  return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_zstd_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
