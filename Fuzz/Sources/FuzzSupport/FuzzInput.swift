import CFuzzSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One fuzz input: `headerLength` control bytes that pick options, then the payload (the log,
/// the YAML, the events file).
///
/// Every target has the same header, so `scripts/fuzz` seeds every corpus the same way: eight
/// zero bytes (the default options) before a seed file. An input shorter than the header runs
/// with its missing control bytes read as 0 and an empty payload.
public struct FuzzInput {
  public static let headerLength = 8
  private let header: [UInt8]
  private var position = 0
  /// Everything after the header.
  public let payload: [UInt8]

  public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
    let bytes = UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    header = Array(bytes.prefix(FuzzInput.headerLength))
    payload = Array(bytes.dropFirst(FuzzInput.headerLength))
  }

  /// The next control byte (0 once the header is used up).
  public mutating func byte() -> UInt8 {
    guard position < header.count else { return 0 }
    defer { position += 1 }
    return header[position]
  }

  /// Control byte `index` (0-based) wherever the reading has got to (0 past the header's end).
  public func controlByte(_ index: Int) -> UInt8 {
    index < header.count ? header[index] : 0
  }

  /// The payload as text, if it is UTF-8 (as the YAML and events loaders require).
  public var text: String? { String(validating: payload, as: UTF8.self) }
}

/// Stops the process on a broken invariant so that libFuzzer saves the input as a crash.
/// Only real bugs may reach this: a typed error for bad input is the expected outcome.
public func fuzzFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
  let text = Array("fuzz invariant broken at \(file):\(line): \(message())\n".utf8)
  _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  abort()
}

/// `fuzzFailure` unless `condition` holds.
@inline(__always)
public func fuzzCheck(
  _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) {
  if !condition { fuzzFailure(message(), file: file, line: line) }
}

/// Starts libFuzzer on `test` (each target's entry point calls this; see fuzz_driver.h).
public func runFuzzer(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
  var count = argc
  var arguments = argv
  return LLVMFuzzerRunDriver(&count, &arguments, test)
}
