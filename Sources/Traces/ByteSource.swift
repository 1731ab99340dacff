import CZstd

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file, stdin or bytes in memory as a stream of decompressed bytes: zstd when the first bytes
/// say so, else plain.
///
/// A decode fault is held back until the bytes decoded before it have been handed out, so the
/// line splitter can deliver every complete line that precedes the fault.
final class ByteSource {
  let path: String
  private let fd: Int32
  private let ownsDescriptor: Bool
  /// The raw bytes when reading from memory (`init(bytes:name:)`), and how far they have been read.
  private let memory: [UInt8]?
  private var memoryOffset = 0
  /// A descriptor shared with other readers: read with `pread` from `sharedOffset` on.
  private let shared: SharedDescriptor?
  private var sharedOffset: Int64 = 0
  private var input: UnsafeMutableRawBufferPointer
  private var inputStart = 0
  private var inputEnd = 0
  private var inputEOF = false
  private var dctx: OpaquePointer?
  /// The last `ZSTD_decompressStream` hint: 0 exactly when the stream ends on a frame boundary.
  private var frameRemainder = 0
  /// Whether the stream is zstd-compressed (decided from the magic bytes).
  private(set) var isCompressed = false
  /// Decompressed (or plain) bytes handed out so far.
  private(set) var totalBytesOut = 0
  /// Raw (compressed or plain) bytes read from the file so far, for progress against its size.
  private(set) var totalBytesIn = 0
  /// Bytes `peek` decoded that `fill` has yet to hand out.
  private var lookahead: [UInt8] = []
  /// A decode fault met while peeking: thrown once the bytes before it are handed out.
  private var peekFault: TraceError?

  static let inputChunk = 128 * 1024
  /// Output space of the calls that peek at a stream's first bytes.
  static let peekRoom = 256 * 1024

  /// Opens `path` (`-` is stdin) and sniffs the zstd magic number.
  init(path: String) throws(TraceError) {
    self.path = path
    if path == "-" {
      fd = 0
      ownsDescriptor = false
    } else {
      let opened = open(path, O_RDONLY)
      guard opened >= 0 else {
        throw TraceError(
          .io, file: path, message: "cannot open: \(ByteSource.errnoText())",
          hint: "check the path and the file's permissions")
      }
      fd = opened
      ownsDescriptor = true
    }
    memory = nil
    shared = nil
    input = .allocate(byteCount: ByteSource.inputChunk, alignment: 16)
    // From here on deinit releases the buffer and descriptor if initialisation throws.
    try sniff()
  }

  /// Streams `bytes` as if they were a file's contents; `name` labels errors (as a path would).
  init(bytes: [UInt8], name: String) throws(TraceError) {
    path = name
    fd = -1
    ownsDescriptor = false
    memory = bytes
    shared = nil
    input = .allocate(byteCount: ByteSource.inputChunk, alignment: 16)
    try sniff()
  }

  /// Streams a file that other readers read too, from its start, without moving their offsets.
  init(shared: SharedDescriptor, name: String) throws(TraceError) {
    path = name
    fd = shared.descriptor
    ownsDescriptor = false
    memory = nil
    self.shared = shared
    sharedOffset = shared.start
    input = .allocate(byteCount: ByteSource.inputChunk, alignment: 16)
    try sniff()
  }

  /// Reads the first bytes and decides from the zstd magic number whether to decompress.
  private func sniff() throws(TraceError) {
    try fillInput()
    while inputEnd < 4 && !inputEOF { try fillInput() }
    isCompressed = inputEnd >= 4 && ByteSource.hasZstdMagic(input, inputEnd)
    if isCompressed {
      dctx = ZSTD_createDCtx()
    } else if path.hasSuffix(".zst") && inputEnd > 0 {
      throw TraceError(
        .notZstd, file: path, line: 0,
        message: "the name ends in .zst but the file does not start with the zstd magic number",
        hint: "the file is not zstd-compressed or is damaged; rename it if it is plain text")
    }
  }

  deinit {
    if let dctx { ZSTD_freeDCtx(dctx) }
    input.deallocate()
    if ownsDescriptor { close(fd) }
  }

  private static func hasZstdMagic(_ buffer: UnsafeMutableRawBufferPointer, _ count: Int) -> Bool {
    let b0 = buffer[0]
    let b1 = buffer[1]
    let b2 = buffer[2]
    let b3 = buffer[3]
    if b0 == 0x28 && b1 == 0xB5 && b2 == 0x2F && b3 == 0xFD { return true }
    // Skippable frames (0x184D2A50...5F) may lead a zstd file.
    return b0 & 0xF0 == 0x50 && b1 == 0x2A && b2 == 0x4D && b3 == 0x18
  }

  static func errnoText() -> String {
    String(cString: strerror(errno))
  }

  /// Reads raw bytes after whatever is still unconsumed in the input buffer.
  private func fillInput() throws(TraceError) {
    if inputStart > 0 && inputStart == inputEnd {
      inputStart = 0
      inputEnd = 0
    }
    guard inputEnd < input.count, let base = input.baseAddress else { return }
    if let memory {
      let n = min(input.count - inputEnd, memory.count - memoryOffset)
      if n == 0 { inputEOF = true }
      memory.withUnsafeBytes { bytes in
        if n > 0, let from = bytes.baseAddress { (base + inputEnd).copyMemory(from: from + memoryOffset, byteCount: n) }
      }
      memoryOffset += n
      inputEnd += n
      totalBytesIn += n
      return
    }
    while true {
      let n =
        shared == nil
        ? read(fd, base + inputEnd, input.count - inputEnd)
        : pread(fd, base + inputEnd, input.count - inputEnd, off_t(sharedOffset))
      if n < 0 {
        if errno == EINTR { continue }
        throw TraceError(
          .io, file: path, message: "read failed: \(ByteSource.errnoText())",
          hint: "check the file system")
      }
      if n == 0 { inputEOF = true }
      inputEnd += n
      totalBytesIn += n
      sharedOffset += Int64(n)
      return
    }
  }

  /// The first `count` decompressed bytes (fewer when the stream is shorter), which `fill`
  /// still hands out: a reader tells a binary log from a text one without consuming anything.
  func peek(_ count: Int) throws(TraceError) -> [UInt8] {
    // Decoded with the room a first read would have: libzstd hands out less of a damaged
    // stream before its fault when each call has little output space, and a peek must not
    // change what the reads after it deliver.
    var buffer = [UInt8](repeating: 0, count: max(count, Self.peekRoom))
    var got = 0
    while got < count {
      do {
        let n = try buffer.withUnsafeMutableBytes { all in
          Result { () throws(TraceError) -> Int in try fillFromStream(UnsafeMutableRawBufferPointer(rebasing: all[got...])) }
        }.get()
        if n == 0 { break }
        got += n
      } catch {
        // Thrown later, by the read that meets it, so that the caller places it at its line
        // (a fault in the first bytes belongs to line 1, not to opening the file).
        peekFault = error
        break
      }
    }
    lookahead = Array(buffer[0..<got])
    totalBytesOut -= got
    return Array(lookahead.prefix(count))
  }

  /// Writes up to `dest.count` decompressed bytes into `dest`; returns 0 at the end of the stream.
  ///
  /// Throws a decode fault (kind plus message; the caller adds the line) only on a call that
  /// would otherwise return no bytes.
  func fill(_ dest: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
    guard let destBase = dest.baseAddress, dest.count > 0 else { return 0 }
    if !lookahead.isEmpty {
      let n = min(dest.count, lookahead.count)
      lookahead.withUnsafeBytes { destBase.copyMemory(from: $0.baseAddress.unsafelyUnwrapped, byteCount: n) }
      lookahead.removeFirst(n)
      totalBytesOut += n
      return n
    }
    if let fault = peekFault {
      peekFault = nil
      throw fault
    }
    return try fillFromStream(dest)
  }

  private func fillFromStream(_ dest: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
    guard let destBase = dest.baseAddress, dest.count > 0 else { return 0 }
    if !isCompressed {
      if inputStart == inputEnd {
        if inputEOF { return 0 }
        inputStart = 0
        inputEnd = 0
        try fillInput()
      }
      let n = min(dest.count, inputEnd - inputStart)
      if n > 0, let src = input.baseAddress {
        destBase.copyMemory(from: src + inputStart, byteCount: n)
      }
      inputStart += n
      totalBytesOut += n
      return n
    }
    return try decompress(into: destBase, capacity: dest.count)
  }

  private func decompress(into destBase: UnsafeMutableRawPointer, capacity: Int) throws(TraceError) -> Int {
    var output = ZSTD_outBuffer(dst: destBase, size: capacity, pos: 0)
    while output.pos == 0 {
      if inputStart == inputEnd {
        if inputEOF {
          // Input ends with a frame unfinished: a cut-off file.
          if frameRemainder != 0 { throw truncated() }
          return 0
        }
        try fillInput()
        continue
      }
      guard let base = input.baseAddress else { return 0 }
      var inBuf = ZSTD_inBuffer(src: base + inputStart, size: inputEnd - inputStart, pos: 0)
      let result = ZSTD_decompressStream(dctx, &output, &inBuf)
      inputStart += inBuf.pos
      if ZSTD_isError(result) != 0 {
        // Nothing a failing call wrote is delivered: libzstd's legacy decoder (zstd v0.5-0.7
        // frames, which one damaged magic byte can make of a frame) fills the output with
        // garbage before it fails, and the current decoder never advances the output on a failure.
        let name = String(cString: ZSTD_getErrorName(result))
        throw TraceError(.corruptZstd, file: path, message: "corrupt zstd data: \(name)", hint: "")
      }
      frameRemainder = result
      if inBuf.pos == 0 && output.pos == 0 && inputStart < inputEnd {
        // No progress with input available: move the tail to the front and read more.
        if inputStart > 0, let b = input.baseAddress {
          let tail = inputEnd - inputStart
          b.copyMemory(from: b + inputStart, byteCount: tail)
          inputStart = 0
          inputEnd = tail
        }
        if inputEOF { throw truncated() }
        try fillInput()
      }
    }
    totalBytesOut += output.pos
    return output.pos
  }

  private func truncated() -> TraceError {
    TraceError(.truncatedZstd, file: path, message: "the zstd stream ends in the middle of a frame (truncated file)", hint: "")
  }
}
