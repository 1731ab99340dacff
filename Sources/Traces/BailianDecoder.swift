import Workload

/// Qwen Bailian traces: `chat_id`, `parent_chat_id`, `timestamp` (float s), `input_length`,
/// `output_length`, `type`, `turn`, `hash_ids` (16-token blocks).
///
/// The session is the root chat of the conversation: a bounded table maps recent chat ids to
/// their roots; a parent that has fallen out of the table (or never appeared) is taken as the root.
/// `type` becomes the tenant (it names the workload: text, image, search, file...).
final class BailianDecoder: LineDecoder {
  static let blockSize = 16
  /// Chat ids remembered for root lookup; older ones are forgotten first.
  static let rootTableCapacity = 1 << 20
  private enum Key: Int { case timestamp, input, output, chatID, parentChatID, type, turn, hashIDs }
  private static let names = [
    "timestamp", "input_length", "output_length", "chat_id", "parent_chat_id", "type", "turn", "hash_ids",
  ]
  private let keys = KeyTable(BailianDecoder.names.enumerated().map { ($1, $0) })
  private var blocks: [UInt64] = []
  private var rootOf: [String: String] = [:]
  private var insertionOrder: [String] = []
  private var oldest = 0

  func decode(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) throws(FieldError) -> TraceRecord? {
    var scanner = JSONScanner(line)
    try scanner.beginObject()
    var seen: UInt32 = 0
    var arrival: Int64 = 0
    var input = 0
    var output = 0
    var chat: String?
    var parent: String?
    var type: String?
    blocks.removeAll(keepingCapacity: true)
    var first = true
    while let index = try scanner.nextKnownKey(first: &first, keys: keys, names: BailianDecoder.names, seen: &seen) {
      guard let key = Key(rawValue: index) else {
        try scanner.skipValue()
        continue
      }
      let name = BailianDecoder.names[index]
      if scanner.consumeNull() { continue }
      switch key {
      case .timestamp:
        guard let value = try scanner.number(field: name).scaledInt64(by: 9) else { throw DecodeSupport.badTimestamp(name) }
        arrival = value
      case .input: input = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .output: output = try DecodeSupport.tokens(scanner.number(field: name), field: name)
      case .chatID: chat = try scanner.stringOrNumber(field: name)
      case .parentChatID: parent = try scanner.stringOrNumber(field: name)
      case .type: type = try scanner.stringOrNumber(field: name)
      case .turn: try scanner.skipValue()
      case .hashIDs: try scanner.blockIDs(field: name, into: &blocks)
      }
    }
    try scanner.endOfLine()
    for index in 0..<3 where seen & (1 << UInt32(index)) == 0 {
      throw DecodeSupport.missing(BailianDecoder.names[index])
    }
    return TraceRecord(
      arrivalNanos: arrival, inputTokens: input, outputTokens: output, id: chat, tenant: type,
      session: session(chat: chat, parent: parent), prefixBlocks: Array(blocks),
      blockSize: blocks.isEmpty ? nil : BailianDecoder.blockSize)
  }

  /// The conversation's root chat id, remembering `chat` for its children.
  private func session(chat: String?, parent: String?) -> String? {
    let hasParent = parent.map { $0 != "-1" && !$0.isEmpty } ?? false
    let root: String?
    if hasParent, let parent {
      root = rootOf[parent] ?? parent
    } else {
      root = chat
    }
    if let chat, let root { remember(chat, root: root) }
    return root
  }

  private func remember(_ chat: String, root: String) {
    if rootOf.updateValue(root, forKey: chat) != nil { return }
    if insertionOrder.count < BailianDecoder.rootTableCapacity {
      insertionOrder.append(chat)
    } else {
      rootOf.removeValue(forKey: insertionOrder[oldest])
      insertionOrder[oldest] = chat
      oldest = (oldest + 1) % BailianDecoder.rootTableCapacity
    }
  }
}
