/// The request-log formats muroute reads.
public enum TraceFormat: String, Sendable, CaseIterable, CustomStringConvertible {
  case canonicalJSONL = "canonical-jsonl"
  case canonicalCSV = "canonical-csv"
  case mooncake, azure, ragpulse, burstgpt, bailian

  public var description: String { rawValue }

  /// Whether records are CSV rows under a header line.
  var isCSV: Bool { self == .canonicalCSV || self == .azure || self == .burstgpt }
}

/// The unit of a numeric `ts`.
public enum TimestampUnit: String, Sendable, CaseIterable {
  case s, ms, us, ns

  /// Power of ten that turns one unit into nanoseconds.
  var nanosecondExponent: Int {
    switch self {
    case .s: 9
    case .ms: 6
    case .us: 3
    case .ns: 0
    }
  }
}

/// How to read a log: format, field names, units and tolerance for bad or unordered lines.
public struct TraceReadOptions: Sendable {
  /// nil: detect from the first line or header.
  public var format: TraceFormat?
  /// Canonical field name -> the log's own field name (`input_tokens` -> `prompt_tokens`).
  public var fieldMapping: [String: String]
  /// Unit of numeric `ts` values in canonical logs.
  public var timestampUnit: TimestampUnit
  /// Block size for records that carry prefix blocks but no `block_size`.
  public var defaultBlockSize: Int?
  /// 0: the first bad line is an error; N: skip and count up to N bad lines, error on the next.
  public var maxBadLines: Int
  /// nil: an arrival earlier than the previous one is an error (unless `allowOutOfOrder`);
  /// else records are re-sorted within a buffer this many seconds wide.
  public var reorderWindowSeconds: Double?
  /// Deliver records in file order and only count out-of-order arrivals (for `inspect`).
  public var allowOutOfOrder: Bool
  /// The longest accepted line in bytes.
  public var maxLineLength: Int
  /// How many bad-line samples to keep.
  public var badLineSampleLimit: Int

  /// Options with the documented defaults.
  public init(
    format: TraceFormat? = nil, fieldMapping: [String: String] = [:], timestampUnit: TimestampUnit = .s,
    defaultBlockSize: Int? = nil, maxBadLines: Int = 0, reorderWindowSeconds: Double? = nil,
    allowOutOfOrder: Bool = false, maxLineLength: Int = 1 << 20, badLineSampleLimit: Int = 5
  ) {
    self.format = format
    self.fieldMapping = fieldMapping
    self.timestampUnit = timestampUnit
    self.defaultBlockSize = defaultBlockSize
    self.maxBadLines = maxBadLines
    self.reorderWindowSeconds = reorderWindowSeconds
    self.allowOutOfOrder = allowOutOfOrder
    self.maxLineLength = maxLineLength
    self.badLineSampleLimit = badLineSampleLimit
  }

  /// Parses `canonical=theirs` mapping arguments.
  public static func parseFieldMapping(_ pairs: [String]) throws(TraceError) -> [String: String] {
    var mapping: [String: String] = [:]
    for pair in pairs {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw TraceError(.usage, file: "--field", message: "'\(pair)' is not of the form canonical=theirs",
          hint: "e.g. --field input_tokens=prompt_tokens")
      }
      guard CanonicalField.byName[parts[0]] != nil else {
        throw TraceError(.usage, file: "--field", message: "'\(parts[0])' is not a canonical field",
          hint: "canonical fields: " + CanonicalField.allCases.map(\.name).joined(separator: ", "))
      }
      mapping[parts[0]] = parts[1]
    }
    return mapping
  }
}

/// The canonical log's fields, in the order the writer emits them.
enum CanonicalField: Int, CaseIterable {
  case ts, inputTokens, outputTokens, id, tenant, session, model, maxTokens, prefixBlocks, blockSize
  case cachedTokens, pod, ttftMs, e2eMs, status

  var name: String {
    switch self {
    case .ts: "ts"
    case .inputTokens: "input_tokens"
    case .outputTokens: "output_tokens"
    case .id: "id"
    case .tenant: "tenant"
    case .session: "session"
    case .model: "model"
    case .maxTokens: "max_tokens"
    case .prefixBlocks: "prefix_blocks"
    case .blockSize: "block_size"
    case .cachedTokens: "cached_tokens"
    case .pod: "pod"
    case .ttftMs: "ttft_ms"
    case .e2eMs: "e2e_ms"
    case .status: "status"
    }
  }

  static let byName: [String: CanonicalField] = Dictionary(
    uniqueKeysWithValues: allCases.map { ($0.name, $0) })
}

/// Key names to small integers, matched against raw key bytes without building strings.
///
/// An open-addressed table hashed on (length, first eight bytes) finds a key in one or two
/// probes. It lives in one fixed allocation so that a lookup touches no reference counts.
final class KeyTable {
  private struct Entry {
    var length: Int
    var prefix: UInt64
    var id: Int
    var nameIndex: Int
  }

  private let names: [[UInt8]]
  private let entries: UnsafeMutableBufferPointer<Entry>
  /// Slot -> entry index + 1 (0: empty).
  private let slots: UnsafeMutableBufferPointer<Int>
  private let mask: Int

  init(_ pairs: [(String, Int)]) {
    let names = pairs.map { Array($0.0.utf8) }
    self.names = names
    entries = .allocate(capacity: max(1, pairs.count))
    var size = 16
    while size < pairs.count * 4 { size *= 2 }
    mask = size - 1
    slots = .allocate(capacity: size)
    slots.initialize(repeating: 0)
    for index in names.indices {
      let entry = Entry(length: names[index].count, prefix: KeyTable.prefix(of: names[index]), id: pairs[index].1, nameIndex: index)
      entries.baseAddress.map { ($0 + index).initialize(to: entry) }
      var slot = KeyTable.slot(entry.length, entry.prefix, mask)
      // The first registration of a name wins (a mapped name may repeat a canonical one).
      var duplicate = false
      while slots[slot] != 0 {
        if names[slots[slot] - 1] == names[index] { duplicate = true }
        slot = (slot + 1) & mask
      }
      if !duplicate { slots[slot] = index + 1 }
    }
  }

  deinit {
    entries.deallocate()
    slots.deallocate()
  }

  private static func prefix(of bytes: [UInt8]) -> UInt64 {
    var word: UInt64 = 0
    for (index, byte) in bytes.prefix(8).enumerated() { word |= UInt64(byte) << (8 * UInt64(index)) }
    return word
  }

  @inline(__always) private static func slot(_ length: Int, _ prefix: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: ((prefix ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
  }

  /// The id of the key at `range`, or nil for an unknown key.
  @inline(__always) func lookup(_ range: Range<Int>, in scanner: JSONScanner) -> Int? {
    if scanner.lastStringHadEscape {
      guard let decoded = try? scanner.decodedString(range) else { return nil }
      return lookup(name: decoded)
    }
    let length = range.count
    var prefix: UInt64 = 0
    let bytes = scanner.bytes
    if let base = bytes.baseAddress, range.lowerBound + 8 <= bytes.count {
      prefix = UnsafeRawPointer(base + range.lowerBound).loadUnaligned(as: UInt64.self)
      if length < 8 { prefix &= (UInt64(1) << (8 * UInt64(length))) &- 1 }
    } else {
      for index in 0..<min(8, length) { prefix |= UInt64(bytes[range.lowerBound + index]) << (8 * UInt64(index)) }
    }
    var slot = KeyTable.slot(length, prefix, mask)
    while true {
      let found = slots[slot]
      if found == 0 { return nil }
      let entry = entries[found - 1]
      if entry.length == length && entry.prefix == prefix
        && (length <= 8 || scanner.key(range, equals: names[entry.nameIndex]))
      {
        return entry.id
      }
      slot = (slot + 1) & mask
    }
  }

  /// The id for a CSV header cell.
  func lookup(name: String) -> Int? {
    let bytes = Array(name.utf8)
    return names.firstIndex(of: bytes).map { entries[$0].id }
  }
}
