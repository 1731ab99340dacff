import SimCore

/// The request-log formats muroute reads.
public enum TraceFormat: String, Sendable, CaseIterable, CustomStringConvertible, NamedChoice {
  case canonicalJSONL = "canonical-jsonl"
  case canonicalCSV = "canonical-csv"
  case mooncake, azure, ragpulse, burstgpt, bailian
  /// muroute's own binary log (`docs/binary-log.md`), recognised by its magic bytes.
  case mrlog

  public var description: String { rawValue }

  /// Whether records are CSV rows under a header line.
  var isCSV: Bool { self == .canonicalCSV || self == .azure || self == .burstgpt }
}

/// The unit of a numeric `ts`.
public enum TimestampUnit: String, Sendable, CaseIterable, NamedChoice {
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
