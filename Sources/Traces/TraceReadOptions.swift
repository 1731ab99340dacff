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
        throw TraceError(
          .usage, file: "--field", message: "'\(pair)' is not of the form canonical=theirs",
          hint: "e.g. --field input_tokens=prompt_tokens")
      }
      guard CanonicalField.byName[parts[0]] != nil else {
        throw TraceError(
          .usage, file: "--field", message: "'\(parts[0])' is not a canonical field",
          hint: "canonical fields: " + CanonicalField.allCases.map(\.name).joined(separator: ", "))
      }
      mapping[parts[0]] = parts[1]
    }
    return mapping
  }
}
