import SimCore
import Workload

/// RAGPulse traces: `timestamp` (seconds, as a string), `input_length`, `output_length`,
/// `hash_ids` (an object of chunk-id lists per prompt component), `session_id`.
///
/// Chunks have variable length, so each becomes fixed-size blocks: a chunk of L tokens gives
/// ceil(L/16) block ids, StableHash of (component, chunk id, index). Without the side files
/// every chunk is one 512-token block (its id StableHash of (component, chunk id)); a chunk the
/// side files do not list counts as 512 tokens.
final class RAGPulseDecoder: LineDecoder {
  static let blockSize = 16
  static let fallbackBlockSize = 512
  private enum Key: Int { case timestamp, input, output, hashIDs, session }
  private static let names = ["timestamp", "input_length", "output_length", "hash_ids", "session_id"]
  private let keys = KeyTable(RAGPulseDecoder.names.enumerated().map { ($1, $0) })
  private let componentKeys = KeyTable(RAGPulseChunkTable.components.enumerated().map { ($1.key, $0) })
  private let componentTags = RAGPulseChunkTable.components.map { StableHash.hash($0.key) }
  private let table: RAGPulseChunkTable?
  private var chunks: [[UInt64]] = Array(repeating: [], count: RAGPulseChunkTable.components.count)

  init(table: RAGPulseChunkTable?) { self.table = table }

  func decode(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(FieldError) -> TraceRecord? {
    var scanner = JSONScanner(line)
    try scanner.beginObject()
    var seen: UInt32 = 0
    var arrival: Int64 = 0
    var input = 0
    var output = 0
    var session: String?
    for index in chunks.indices { chunks[index].removeAll(keepingCapacity: true) }
    var first = true
    while let index = try scanner.nextKnownKey(first: &first, keys: keys, names: RAGPulseDecoder.names, seen: &seen) {
      guard let key = Key(rawValue: index) else {
        try scanner.skipValue()
        continue
      }
      let name = RAGPulseDecoder.names[index]
      switch key {
      case .timestamp:
        if scanner.peek == UInt8(ascii: "\"") {
          let range = try scanner.stringBody()
          guard let value = TimestampParser.text(scanner.bytes, range.lowerBound, range.upperBound, unit: .s) else {
            throw DecodeSupport.badTimestamp(name)
          }
          arrival = value
        } else {
          guard let value = try scanner.number(field: name).scaledInt64(by: 9) else { throw DecodeSupport.badTimestamp(name) }
          arrival = value
        }
      case .input: input = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .output: output = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .session: session = try scanner.stringOrNumber(field: name)
      case .hashIDs: try readComponents(&scanner)
      }
    }
    try scanner.endOfLine()
    for index in 0..<3 where seen & (1 << UInt32(index)) == 0 {
      throw DecodeSupport.missing(RAGPulseDecoder.names[index])
    }
    let blocks = prefixBlocks()
    return TraceRecord(
      arrivalNanos: arrival, inputTokens: input, outputTokens: output, session: session, prefixBlocks: blocks,
      blockSize: blocks.isEmpty ? nil : (table == nil ? RAGPulseDecoder.fallbackBlockSize : RAGPulseDecoder.blockSize))
  }

  private func readComponents(_ scanner: inout JSONScanner) throws(FieldError) {
    guard scanner.peek == UInt8(ascii: "{") else {
      throw FieldError(
        .invalidValue, field: "hash_ids", "expected an object of chunk-id lists",
        hint: "RAGPulse hash_ids is {\"sys_prompt\": [...], ...}; force --format if this is another trace")
    }
    scanner.pos += 1
    var first = true
    while let key = try scanner.nextKey(first: first) {
      first = false
      guard let component = componentKeys.lookup(key, in: scanner) else {
        try scanner.skipValue()
        continue
      }
      try scanner.blockIDs(field: "hash_ids.\(RAGPulseChunkTable.components[component].key)", into: &chunks[component])
    }
  }

  /// Block ids of the prompt, components in prompt order.
  private func prefixBlocks() -> [UInt64] {
    var blocks: [UInt64] = []
    for (component, ids) in chunks.enumerated() {
      let tag = componentTags[component]
      for chunk in ids {
        let chunkHash = StableHash.combine(tag, chunk)
        guard let table else {
          blocks.append(chunkHash)
          continue
        }
        let length = table.lengths[component][Int64(bitPattern: chunk)] ?? RAGPulseDecoder.fallbackBlockSize
        let count = (length + RAGPulseDecoder.blockSize - 1) / RAGPulseDecoder.blockSize
        for index in 0..<count { blocks.append(StableHash.combine(chunkHash, UInt64(index))) }
      }
    }
    return blocks
  }
}
