import Workload

/// Mooncake traces: `timestamp` (integer ms), `input_length`, `output_length`, `hash_ids` (512-token blocks).
final class MooncakeDecoder: LineDecoder {
  static let blockSize = 512
  private enum Key: Int { case timestamp, input, output, hashIDs }
  private static let names = ["timestamp", "input_length", "output_length", "hash_ids"]
  private let keys = KeyTable(MooncakeDecoder.names.enumerated().map { ($1, $0) })
  private var blocks: [UInt64] = []

  func decode(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(FieldError) -> TraceRecord? {
    var scanner = JSONScanner(line)
    try scanner.beginObject()
    var seen: UInt32 = 0
    var arrival: Int64 = 0
    var input = 0
    var output = 0
    blocks.removeAll(keepingCapacity: true)
    var first = true
    while let index = try scanner.nextKnownKey(first: &first, keys: keys, names: MooncakeDecoder.names, seen: &seen) {
      guard let key = Key(rawValue: index) else {
        try scanner.skipValue()
        continue
      }
      let name = MooncakeDecoder.names[index]
      switch key {
      case .timestamp:
        guard let value = try scanner.number(field: name).scaledInt64(by: 6) else { throw DecodeSupport.badTimestamp(name) }
        arrival = value
      case .input: input = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .output: output = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .hashIDs: try scanner.blockIDs(field: name, into: &blocks)
      }
    }
    try scanner.endOfLine()
    for index in 0..<3 where seen & (1 << UInt32(index)) == 0 {
      throw DecodeSupport.missing(MooncakeDecoder.names[index])
    }
    return TraceRecord(
      arrivalNanos: arrival, inputTokens: input, outputTokens: output, prefixBlocks: Array(blocks),
      blockSize: blocks.isEmpty ? nil : MooncakeDecoder.blockSize)
  }
}
