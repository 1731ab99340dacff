import Workload

/// Decodes CSV logs with a header: canonical CSV, and through preset mappings Azure and BurstGPT.
final class CanonicalCSVDecoder: LineDecoder {
  private let keys: KeyTable
  private let fieldNames: [String]
  private let unit: TimestampUnit
  private let defaultBlockSize: Int?
  /// BurstGPT marks failed requests only by 0 response tokens.
  private let zeroOutputIsFailure: Bool
  private var header: CSVHeader?
  private var ranges: [Range<Int>] = []
  private var flags: [Bool] = []

  /// A decoder reading canonical names renamed by `mapping` (canonical -> theirs).
  init(mapping: [String: String], unit: TimestampUnit, defaultBlockSize: Int?, zeroOutputIsFailure: Bool = false) {
    let names = CanonicalField.allCases.map { mapping[$0.name] ?? $0.name }
    fieldNames = names
    keys = KeyTable(CanonicalField.allCases.map { (names[$0.rawValue], $0.rawValue) })
    self.unit = unit
    self.defaultBlockSize = defaultBlockSize
    self.zeroOutputIsFailure = zeroOutputIsFailure
  }

  /// Azure LLM inference traces: `TIMESTAMP,ContextTokens,GeneratedTokens`, UTC wall-clock times.
  static func azure(defaultBlockSize: Int?) -> CanonicalCSVDecoder {
    CanonicalCSVDecoder(
      mapping: ["ts": "TIMESTAMP", "input_tokens": "ContextTokens", "output_tokens": "GeneratedTokens"],
      unit: .s, defaultBlockSize: defaultBlockSize)
  }

  /// BurstGPT: seconds from day 0, `Session ID`, `Model`, request and response tokens.
  static func burstGPT(defaultBlockSize: Int?) -> CanonicalCSVDecoder {
    CanonicalCSVDecoder(
      mapping: [
        "ts": "Timestamp", "session": "Session ID", "model": "Model", "input_tokens": "Request tokens",
        "output_tokens": "Response tokens",
      ], unit: .s, defaultBlockSize: defaultBlockSize, zeroOutputIsFailure: true)
  }

  func decode(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(FieldError) -> TraceRecord? {
    let row = try CSVRow(line, reusing: &ranges, flags: &flags)
    guard let header else {
      let parsed = try CSVHeader(row: row, keys: keys, fieldCount: CanonicalField.allCases.count)
      for field in [CanonicalField.ts, .inputTokens, .outputTokens] where parsed.columns[field.rawValue] < 0 {
        throw FieldError(
          .missingField, field: fieldNames[field.rawValue], "the CSV header has no such column",
          hint: "name the column in the header, map it with --field, or force the right --format")
      }
      self.header = parsed
      return nil
    }
    var fresh = TraceRecord(arrivalNanos: 0, inputTokens: 0, outputTokens: 0)
    var observed = ObservedOutcome()
    for field in CanonicalField.allCases {
      let column = header.columns[field.rawValue]
      let name = fieldNames[field.rawValue]
      guard column >= 0, column < row.fields.count, !row.isEmpty(column) else {
        if field.rawValue < 3 { throw DecodeSupport.missing(name) }
        continue
      }
      switch field {
      case .ts: fresh.arrivalNanos = try row.timestamp(column, field: name, unit: unit)
      case .inputTokens: fresh.inputTokens = try DecodeSupport.tokens(row.number(column, field: name), field: name)
      case .outputTokens: fresh.outputTokens = try DecodeSupport.tokens(row.number(column, field: name), field: name)
      case .id: fresh.id = try row.string(column, field: name)
      case .tenant: fresh.tenant = try row.string(column, field: name)
      case .session: fresh.session = try row.string(column, field: name)
      case .model: fresh.model = try row.string(column, field: name)
      case .maxTokens: fresh.maxTokens = try DecodeSupport.tokens(row.number(column, field: name), field: name)
      case .prefixBlocks: fresh.prefixBlocks = try blockList(row.string(column, field: name), field: name)
      case .blockSize:
        let size = try DecodeSupport.tokens(row.number(column, field: name), field: name)
        guard size > 0 else { throw FieldError(.invalidValue, field: name, "block size must be positive") }
        fresh.blockSize = size
      case .cachedTokens: observed.cachedTokens = try DecodeSupport.tokens(row.number(column, field: name), field: name)
      case .pod: observed.pod = try row.string(column, field: name)
      case .ttftMs: observed.ttftMillis = try row.number(column, field: name).doubleValue
      case .e2eMs: observed.e2eMillis = try row.number(column, field: name).doubleValue
      case .status: observed.status = try DecodeSupport.status(row.string(column, field: name), field: name)
      }
    }
    if zeroOutputIsFailure && fresh.outputTokens == 0 { observed.status = .error }
    if !fresh.prefixBlocks.isEmpty && fresh.blockSize == nil { fresh.blockSize = defaultBlockSize }
    fresh.observed = observed.isEmpty ? nil : observed
    return fresh
  }

  /// `prefix_blocks` in CSV: integers separated by spaces, `;` or `,` (inside quotes), brackets optional.
  private func blockList(_ text: String, field: String) throws(FieldError) -> [UInt64] {
    var ids: [UInt64] = []
    let separators: Set<Character> = [" ", ";", ",", "[", "]"]
    for token in text.split(whereSeparator: { separators.contains($0) }) {
      let bytes = Array(token.utf8)
      let id = bytes.withUnsafeBufferPointer { DecimalNumber.parse($0, 0, $0.count)?.blockID() }
      guard let id else {
        throw FieldError(
          .invalidValue, field: field, "'\(token)' is not an integer block id",
          hint: "write prefix blocks as integers separated by spaces")
      }
      ids.append(id)
    }
    return ids
  }
}
