import CFuzzSupport
import Traces
import Workload

/// The zstd stream reader against libzstd's own whole-buffer decoder: whatever the bytes, reading
/// them compressed gives exactly what reading their decompressed text gives, and a damaged stream
/// delivers every complete line before the fault and then names it (docs/log-format.md).
public enum ZstdHarness {
  /// Largest decompressed size the oracle follows; a bigger (bomb) input is skipped.
  public static let outputLimit = 4 << 20

  static let frameMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

  /// Compresses `bytes` as one frame.
  public static func compress(_ bytes: [UInt8], level: Int32, checksum: Bool, contentSize: Bool) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: fuzz_zstd_compress_bound(bytes.count))
    let written = out.withUnsafeMutableBytes { dst in
      bytes.withUnsafeBytes { src in
        fuzz_zstd_compress(dst.baseAddress, dst.count, src.baseAddress, src.count, level, checksum ? 1 : 0, contentSize ? 1 : 0)
      }
    }
    fuzzCheck(written >= 0, "libzstd could not compress \(bytes.count) bytes")
    return Array(out[..<written])
  }

  /// A skippable frame of `size` payload bytes (the decoder passes over it).
  public static func skippableFrame(size: Int, variant: UInt8) -> [UInt8] {
    var frame: [UInt8] = [0x50 | (variant & 0x0F), 0x2A, 0x4D, 0x18]
    let length = UInt32(size)
    frame += [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), UInt8((length >> 16) & 0xFF), UInt8(length >> 24)]
    frame += [UInt8](repeating: 0x5A, count: size)
    return frame
  }

  /// libzstd's decoding of the whole input at once; `most`: for a failing stream, every byte it
  /// decodes before the fault.
  public static func reference(_ compressed: [UInt8], most: Bool = false) -> (bytes: [UInt8], status: Int32) {
    var status: Int32 = 0
    let produced = compressed.withUnsafeBytes { src in
      most
        ? fuzz_zstd_decompress_most(src.baseAddress, src.count, referenceOutput.baseAddress, referenceOutput.count, &status)
        : fuzz_zstd_decompress_all(src.baseAddress, src.count, referenceOutput.baseAddress, referenceOutput.count, &status)
    }
    return (Array(referenceOutput[..<produced]), status)
  }

  /// The reference decoder's output buffer, allocated once (a fresh 4 MiB per input would be
  /// most of the run time). Fuzz targets run inputs one at a time on one thread.
  nonisolated(unsafe) static let referenceOutput = UnsafeMutableRawBufferPointer.allocate(byteCount: outputLimit, alignment: 16)

  /// Builds a zstd stream out of `text` as the control bytes say: one to three frames, skippable
  /// frames before or between them (one large enough to cross the reader's 128 KiB input buffer),
  /// levels, checksums, then optionally a truncation or one corrupted byte.
  public static func compose(_ text: [UInt8], _ input: inout FuzzInput) -> (stream: [UInt8], damaged: Bool) {
    let shape = input.byte()
    let cut = (Int(input.byte()) << 8) | Int(input.byte())
    let level: Int32 = [1, 3, -5, 9][Int(input.byte() & 3)]
    let frames = 1 + Int(shape & 3) % 3
    var pieces: [ArraySlice<UInt8>] = []
    var start = 0
    for index in 0..<frames {
      let end = index == frames - 1 ? text.count : min(text.count, start + (cut >> (4 * index)) % (text.count + 1))
      pieces.append(text[start..<max(start, end)])
      start = max(start, end)
    }
    var stream: [UInt8] = []
    if shape & 0x04 != 0 { stream += skippableFrame(size: Int(shape >> 4), variant: shape) }
    for (index, piece) in pieces.enumerated() {
      if index == 1 && shape & 0x08 != 0 { stream += skippableFrame(size: 140 * 1024, variant: 0) }
      stream += compress(Array(piece), level: level, checksum: shape & 0x10 != 0, contentSize: shape & 0x20 == 0)
    }
    var damaged = false
    if shape & 0x40 != 0, !stream.isEmpty {
      stream.removeSubrange((cut % stream.count)...)
      damaged = true
    } else if shape & 0x80 != 0, !stream.isEmpty {
      stream[(cut * 31) % stream.count] ^= UInt8(truncatingIfNeeded: cut) | 1
      damaged = true
    }
    return (stream, damaged)
  }

  /// Reads `stream` (compressed) and the reference decoding of it (plain) with the same options
  /// and checks that they agree. `expected`, when given, is the text the stream must decode to.
  public static func check(_ stream: [UInt8], expected: [UInt8]?, options: TraceReadOptions, name: String) {
    let (decoded, status) = reference(stream)
    guard status != 3 else { return }  // a decompression bomb: beyond what the oracle follows
    if let expected {
      fuzzCheck(status == 0 && decoded == expected, "libzstd does not give back what was compressed (status \(status))")
    }
    let compressed = read(stream, options: options, name: name)
    guard looksLikeZstd(stream) else {
      // Not zstd at all: a name ending in .zst is refused, anything else is read as plain text.
      if name.hasSuffix(".zst") && !stream.isEmpty {
        fuzzCheck(compressed.error?.kind == .notZstd, "plain bytes named .zst were not refused: \(String(describing: compressed.error))")
      }
      return
    }
    // Text that itself starts like zstd (a damaged block can turn into a raw one that takes in
    // the next frame's bytes) would be decompressed again by the plain read: nothing to compare.
    guard !looksLikeZstd(decoded) else { return }
    guard status != 0 else {
      // A sound stream: exactly the records and the error of its text read plain.
      let plain = read(decoded, options: options, name: "-")
      fuzzCheck(compressed.records == plain.records,
        "compressed and plain reads differ: \(compressed.records.count) vs \(plain.records.count) records")
      fuzzCheck(compressed.error?.kind == plain.error?.kind && compressed.error?.line == plain.error?.line,
        "plain read ended in \(String(describing: plain.error)), compressed in \(String(describing: compressed.error))")
      return
    }
    // A damaged stream. How much libzstd hands out before it reports the fault depends on the
    // output space of each call (it drops a call's output when the call fails), so the reader
    // may decode less than everything there is before the fault, never more, and never other
    // bytes. The most there is: `fuzz_zstd_decompress_most`.
    let (most, _) = reference(stream, most: true)
    // Complete lines only, unless the unfinished line is already too long (then the reader
    // reports that, as it would for the same bytes in a plain file).
    var text = most
    let complete = (text.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
    if text.count - complete <= options.maxLineLength { text.removeSubrange(complete...) }
    guard !looksLikeZstd(text) else { return }
    guard let error = compressed.error else { fuzzFailure("a damaged stream (zstd status \(status)) read without an error") }
    let plain = read(text, options: options, name: "-")
    if error.kind != .truncatedZstd && error.kind != .corruptZstd {
      // A line error before the fault: the plain read of the same lines stops at it too.
      fuzzCheck(plain.error?.kind == error.kind && plain.error?.line == error.line && compressed.records == plain.records,
        "a damaged stream read ended in \(error), its decoded text in \(String(describing: plain.error))")
      return
    }
    // The fault is placed after the last complete line the reader decoded, so what it delivered
    // is exactly a plain read of those lines. (Not merely a prefix of the plain read of all the
    // text: a reorder window sorts what it holds, and a later line may sort before an earlier one.)
    let linesRead = error.line - 1
    let newlines = most.indices.filter { most[$0] == 0x0A }
    fuzzCheck(linesRead >= 0 && linesRead <= newlines.count,
      "the fault is placed at line \(error.line), past the \(newlines.count) complete lines libzstd decodes")
    let before = read(linesRead == 0 ? [] : Array(most[...newlines[linesRead - 1]]), options: options, name: "-")
    fuzzCheck(compressed.records == before.records,
      "a damaged stream delivered \(compressed.records.count) records; the \(linesRead) lines before its fault hold \(before.records.count)")
    // A cut-off stream loses nothing libzstd could decode: every complete line before the cut
    // is delivered (with a reorder window too: regression, the window's records were lost).
    if status == 1 && error.kind == .truncatedZstd {
      fuzzCheck((plain.error == nil || plain.error?.kind == .emptyInput) && compressed.records == plain.records,
        "a truncated stream delivered \(compressed.records.count) of \(plain.records.count) records (\(String(describing: plain.error)))")
    }
  }

  /// Whether `bytes` start with a zstd frame's or a skippable frame's magic number (the reader
  /// then decompresses them).
  static func looksLikeZstd(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 4 && (bytes[0..<4].elementsEqual(frameMagic)
      || (bytes[0] & 0xF0 == 0x50 && bytes[1] == 0x2A && bytes[2] == 0x4D && bytes[3] == 0x18))
  }

  static func read(_ bytes: [UInt8], options: TraceReadOptions, name: String) -> ReadOutcome {
    var outcome = ReadOutcome()
    do {
      let reader = try TraceReader(bytes: bytes, name: name, options: options)
      outcome.format = reader.format
      ReaderHarness.drain(reader, into: &outcome, options: options, statistics: false)
    } catch {
      ReaderHarness.checkOpening(error, options: options, name: name)
      outcome.error = error
    }
    return outcome
  }
}
