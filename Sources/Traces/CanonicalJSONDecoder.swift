import Workload

/// Decodes canonical JSON Lines (`docs/log-format.md`), honouring a field mapping and a `ts` unit.
final class CanonicalJSONDecoder: LineDecoder {
  private let keys: KeyTable
  private let unit: TimestampUnit
  private let defaultBlockSize: Int?
  private var blocks: [UInt64] = []
  /// The log's name for each canonical field, for messages.
  private let fieldNames: [String]

  init(options: TraceReadOptions) {
    keys = KeyTable(CanonicalField.allCases.map { (options.fieldMapping[$0.name] ?? $0.name, $0.rawValue) })
    fieldNames = CanonicalField.allCases.map { options.fieldMapping[$0.name] ?? $0.name }
    unit = options.timestampUnit
    defaultBlockSize = options.defaultBlockSize
    blocks.reserveCapacity(4096)
  }

  func decode(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(FieldError) -> TraceRecord? {
    var scanner = JSONScanner(line)
    try scanner.beginObject()
    var seen: UInt32 = 0
    var arrival: Int64 = 0
    var input = 0
    var output = 0
    var id: String?
    var tenant: String?
    var session: String?
    var model: String?
    var maxTokens: Int?
    var blockSize: Int?
    var observed = ObservedOutcome()
    var blocks = self.blocks
    self.blocks = []
    defer { self.blocks = blocks }
    blocks.removeAll(keepingCapacity: true)
    var first = true
    while let index = try scanner.nextKnownKey(first: &first, keys: keys, names: fieldNames, seen: &seen) {
      guard let field = CanonicalField(rawValue: index) else {
        try scanner.skipValue()
        continue
      }
      if scanner.consumeNull() {
        // An explicit null is as if the field were absent.
        seen &= ~(1 << UInt32(index))
        continue
      }
      let name = fieldNames[index]
      switch field {
      case .ts:
        if scanner.peek == UInt8(ascii: "\"") {
          let range = try scanner.stringBody()
          guard let value = TimestampParser.text(scanner.bytes, range.lowerBound, range.upperBound, unit: unit) else {
            throw DecodeSupport.badTimestamp(name)
          }
          arrival = value
        } else {
          guard let value = try scanner.number(field: name).scaledInt64(by: unit.nanosecondExponent) else {
            throw DecodeSupport.badTimestamp(name)
          }
          arrival = value
        }
      case .inputTokens: input = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .outputTokens: output = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .id: id = try scanner.stringOrNumber(field: name)
      case .tenant: tenant = try scanner.stringOrNumber(field: name)
      case .session: session = try scanner.stringOrNumber(field: name)
      case .model: model = try scanner.string(field: name)
      case .maxTokens: maxTokens = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .prefixBlocks: try scanner.blockIDs(field: name, into: &blocks)
      case .blockSize:
        let size = try DecodeSupport.tokens(scanner.number(field: name), field: name)
        guard size > 0 else { throw FieldError(.invalidValue, field: name, "block size must be positive") }
        blockSize = size
      case .cachedTokens: observed.cachedTokens = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .pod: observed.pod = try scanner.stringOrNumber(field: name)
      case .ttftMs: observed.ttftMillis = try scanner.number(field: name).doubleValue
      case .e2eMs: observed.e2eMillis = try scanner.number(field: name).doubleValue
      case .status: observed.status = try DecodeSupport.status(scanner.string(field: name), field: name)
      }
    }
    try scanner.endOfLine()
    let required: UInt32 = 0b111
    if seen & required != required {
      let missing = [CanonicalField.ts, .inputTokens, .outputTokens].first { seen & (1 << UInt32($0.rawValue)) == 0 }
      let field = missing ?? .ts
      throw DecodeSupport.missing(fieldNames[field.rawValue])
    }
    return TraceRecord(
      arrivalNanos: arrival, inputTokens: input, outputTokens: output, id: id, tenant: tenant, session: session,
      model: model, maxTokens: maxTokens, prefixBlocks: blocks.isEmpty ? [] : Array(blocks),
      blockSize: blocks.isEmpty ? blockSize : (blockSize ?? defaultBlockSize),
      observed: observed.isEmpty ? nil : observed)
  }
}
