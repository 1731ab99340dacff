#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits a byte source into lines over one reusable buffer, in bounded memory.
///
/// Handles `\n` and `\r\n` ends, a UTF-8 byte-order mark before the first line and a last line
/// without a newline. A line longer than `maxLineLength` is an error (the splitter then skips to
/// the next newline so that a caller counting bad lines can continue).
final class LineSplitter {
  /// The default longest accepted line: 1 MiB.
  static let defaultMaxLineLength = 1 << 20
  static let readChunk = 256 * 1024

  let source: ByteSource
  let maxLineLength: Int
  private let buffer: UnsafeMutableBufferPointer<UInt8>
  private var lineStart = 0
  private var scanPos = 0
  private var end = 0
  private var eof = false
  private var discarding = false
  private var atFirstLine = true
  /// Physical lines delivered or skipped so far (the number of the last line).
  private(set) var lineNumber = 0

  init(source: ByteSource, maxLineLength: Int = LineSplitter.defaultMaxLineLength) {
    precondition(maxLineLength > 0, "maxLineLength must be positive")
    self.source = source
    self.maxLineLength = maxLineLength
    buffer = .allocate(capacity: maxLineLength + LineSplitter.readChunk + 1)
  }

  deinit { buffer.deallocate() }

  /// The next line without its end-of-line bytes, valid until the next call; nil at the end.
  func nextLine() throws(TraceError) -> UnsafeBufferPointer<UInt8>? {
    guard let base = buffer.baseAddress else { return nil }
    while true {
      if scanPos < end, let hit = memchr(base + scanPos, 0x0A, end - scanPos) {
        let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        lineNumber += 1
        if discarding {
          discarding = false
          lineStart = newline + 1
          scanPos = lineStart
          continue
        }
        let start = lineStart
        lineStart = newline + 1
        scanPos = lineStart
        if newline - start > maxLineLength { throw tooLong(lineNumber) }
        return trimmed(base, start, newline)
      }
      scanPos = end
      if discarding {
        lineStart = 0
        scanPos = 0
        end = 0
      } else if end - lineStart > maxLineLength {
        discarding = true
        throw tooLong(lineNumber + 1)
      }
      if eof {
        if lineStart < end && !discarding {
          lineNumber += 1
          let line = trimmed(base, lineStart, end)
          lineStart = end
          scanPos = end
          return line
        }
        return nil
      }
      compact(base)
      let n: Int
      do {
        n = try source.fill(UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(base + end), count: buffer.count - 1 - end))
      } catch {
        throw streamFault(error)
      }
      if n == 0 { eof = true }
      end += n
    }
  }

  private func tooLong(_ line: Int) -> TraceError {
    TraceError(
      .lineTooLong, file: source.path, line: line, message: "line is longer than \(maxLineLength) bytes",
      hint: "the file may not be line-oriented; raise the limit with --max-line-bytes if the line is genuine")
  }

  private func compact(_ base: UnsafeMutablePointer<UInt8>) {
    guard lineStart > 0 else { return }
    let pending = end - lineStart
    if pending > 0 { base.update(from: base + lineStart, count: pending) }
    lineStart = 0
    scanPos = pending
    end = pending
  }

  private func trimmed(_ base: UnsafeMutablePointer<UInt8>, _ start: Int, _ stop: Int) -> UnsafeBufferPointer<UInt8> {
    var from = start
    var to = stop
    if to > from && base[to - 1] == 0x0D { to -= 1 }
    if atFirstLine {
      atFirstLine = false
      if to - from >= 3 && base[from] == 0xEF && base[from + 1] == 0xBB && base[from + 2] == 0xBF {
        from += 3
      }
    }
    return UnsafeBufferPointer(start: base + from, count: to - from)
  }

  /// A decode fault, placed after the last complete line (whose data all came before it).
  private func streamFault(_ error: TraceError) -> TraceError {
    var located = error
    located.line = lineNumber + 1
    located.message += "; the last complete line is line \(lineNumber) and everything before it was read"
    located.hint =
      error.kind == .io ? "check the file system" : "re-fetch or re-compress the file (zstd -t checks it)"
    return located
  }
}
