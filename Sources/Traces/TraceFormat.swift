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
struct KeyTable {
  private var names: [[UInt8]]
  private var ids: [Int]

  init(_ entries: [(String, Int)]) {
    names = entries.map { Array($0.0.utf8) }
    ids = entries.map(\.1)
  }

  /// The id of the key at `range`, or nil for an unknown key.
  @inline(__always) func lookup(_ range: Range<Int>, in scanner: JSONScanner) -> Int? {
    if scanner.lastStringHadEscape {
      guard let decoded = try? scanner.decodedString(range) else { return nil }
      return lookup(name: decoded)
    }
    for index in names.indices where scanner.key(range, equals: names[index]) {
      return ids[index]
    }
    return nil
  }

  /// The name registered for `id` (the log's own name for a field).
  func name(for id: Int) -> String {
    guard let index = ids.firstIndex(of: id) else { return "?" }
    return String(decoding: names[index], as: UTF8.self)
  }

  /// The id for a CSV header cell.
  func lookup(name: String) -> Int? {
    let bytes = Array(name.utf8)
    return names.firstIndex(of: bytes).map { ids[$0] }
  }
}
