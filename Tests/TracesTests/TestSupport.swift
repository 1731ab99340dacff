import CZstd
import Foundation
import Workload

@testable import Traces

/// Helpers shared by the Traces tests: fixture paths, scratch files, reading a whole log.
enum TestSupport {
  /// The path of a bundled fixture.
  static func fixture(_ name: String) throws -> String {
    guard let root = Bundle.module.resourceURL?.appendingPathComponent("Fixtures") else {
      throw TraceError(.io, file: name, message: "fixtures missing", hint: "")
    }
    return root.appendingPathComponent(name).path
  }

  /// `../shared/traces` relative to the package root, or nil when absent.
  static func sharedTraces(_ file: StaticString = #filePath) -> String? {
    let root = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let path = root.deletingLastPathComponent().appendingPathComponent("shared/traces").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// A fresh empty directory for one test, inside one directory per test process that is
  /// removed when the process exits, so that the suite leaves nothing in TMPDIR.
  static func scratchDirectory() throws -> String {
    let path = tracesScratchRoot + "/" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Writes bytes to `name` in a fresh directory and returns the path.
  static func write(_ bytes: [UInt8], name: String) throws -> String {
    let path = try scratchDirectory() + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  static func write(_ text: String, name: String) throws -> String {
    try write(Array(text.utf8), name: name)
  }

  /// Writes `text` as one zstd frame (libzstd's one-shot API, as the `zstd` tool would).
  static func zstd(_ text: String, name: String) throws -> String {
    let input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
    let size = output.withUnsafeMutableBytes { out in
      input.withUnsafeBytes { ZSTD_compress(out.baseAddress, out.count, $0.baseAddress, $0.count, 3) }
    }
    guard ZSTD_isError(size) == 0 else { throw TraceError(.io, file: name, message: "compression failed", hint: "") }
    return try write(Array(output.prefix(size)), name: name)
  }

  /// Reads every record of a log.
  static func readAll(_ path: String, _ options: TraceReadOptions = TraceReadOptions()) throws -> ([TraceRecord], TraceReader) {
    let reader = try TraceReader(path: path, options: options)
    var records: [TraceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (records, reader)
  }

  /// The error reading `path` ends with, or nil when it reads cleanly.
  static func failure(_ path: String, _ options: TraceReadOptions = TraceReadOptions()) -> TraceError? {
    do {
      _ = try readAll(path, options)
      return nil
    } catch let error as TraceError {
      return error
    } catch {
      return nil
    }
  }

  /// Decodes one canonical JSON line.
  static func decodeCanonical(_ line: String, _ options: TraceReadOptions = TraceReadOptions()) throws -> TraceRecord {
    let decoder = CanonicalJSONDecoder(options: options)
    let bytes = Array(line.utf8)
    let record = try bytes.withUnsafeBufferPointer { buffer in try decoder.decode(buffer, lineNumber: 1) }
    guard let record else { throw TraceError(.malformedRecord, file: "-", message: "no record", hint: "") }
    return record
  }
}

/// The per-process parent of every scratch directory (created on first use).
let tracesScratchRoot: String = {
  let path = NSTemporaryDirectory() + "muroute-traces-\(UUID().uuidString)"
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  atexit { try? FileManager.default.removeItem(atPath: tracesScratchRoot) }
  return path
}()
