import Workload

/// Turns records into the binary log's record encoding (`docs/binary-log.md`), keeping the
/// state the encoding is relative to: the previous arrival and id, the interned strings, and
/// each windowed session's latest block list.
struct BinaryRecordEncoder {
  private var previousArrival: Int64 = 0
  private var previousID: [UInt8] = []
  private var tenants: StringInterner
  private var models: StringInterner
  private var pods: StringInterner
  private var sessions: StringInterner
  /// Per session slot: the block list of that session's latest record.
  private var sessionBlocks: [[UInt64]] = []

  init(sessionWindow: Int, stringWindow: Int) {
    tenants = StringInterner(capacity: stringWindow)
    models = StringInterner(capacity: stringWindow)
    pods = StringInterner(capacity: stringWindow)
    sessions = StringInterner(capacity: sessionWindow)
  }

  /// Appends `record`; a value no reader accepts is refused (named by its field) rather than
  /// written, so that everything written reads back.
  mutating func encode(_ record: TraceRecord, into out: inout [UInt8]) throws(BinaryDecodeFailure) {
    try Self.validate(record)
    var flags: UInt8 = 0
    if record.id != nil { flags |= BinaryLogFormat.Flag.id }
    if record.tenant != nil { flags |= BinaryLogFormat.Flag.tenant }
    if record.session != nil { flags |= BinaryLogFormat.Flag.session }
    if record.model != nil { flags |= BinaryLogFormat.Flag.model }
    if record.maxTokens != nil { flags |= BinaryLogFormat.Flag.maxTokens }
    if record.blockSize != nil { flags |= BinaryLogFormat.Flag.blockSize }
    if record.observed != nil { flags |= BinaryLogFormat.Flag.observed }
    out.append(flags)
    VarInt.append(VarInt.zigzag(record.arrivalNanos &- previousArrival), to: &out)
    previousArrival = record.arrivalNanos
    VarInt.append(record.inputTokens, to: &out)
    VarInt.append(record.outputTokens, to: &out)
    if let id = record.id { appendID(id, to: &out) }
    if let tenant = record.tenant { Self.appendInterned(tenant, in: &tenants, to: &out) }
    var sessionSlot: Int?
    if let session = record.session {
      let (slot, known) = sessions.intern(session)
      if known {
        VarInt.append(UInt64(slot) + 1, to: &out)
      } else {
        Self.appendLiteral(session, to: &out)
        if slot == sessionBlocks.count { sessionBlocks.append([]) } else { sessionBlocks[slot] = [] }
      }
      sessionSlot = slot
    }
    if let model = record.model { Self.appendInterned(model, in: &models, to: &out) }
    if let maxTokens = record.maxTokens { VarInt.append(maxTokens, to: &out) }
    if let blockSize = record.blockSize { VarInt.append(blockSize, to: &out) }
    appendBlocks(record.prefixBlocks, session: sessionSlot, to: &out)
    if let observed = record.observed { appendObserved(observed, to: &out) }
  }

  /// Front coding against the previous id: ids are mostly unique and mostly share a stem, so
  /// the bytes they share with the previous one are counted, not repeated.
  private mutating func appendID(_ id: String, to out: inout [UInt8]) {
    var bytes = Array(id.utf8)
    let limit = min(bytes.count, previousID.count)
    var shared = 0
    while shared < limit && bytes[shared] == previousID[shared] { shared += 1 }
    VarInt.append(shared, to: &out)
    VarInt.append(bytes.count - shared, to: &out)
    out.append(contentsOf: bytes[shared...])
    swap(&bytes, &previousID)
  }

  private static func appendInterned(_ string: String, in table: inout StringInterner, to out: inout [UInt8]) {
    let (slot, known) = table.intern(string)
    if known { VarInt.append(UInt64(slot) + 1, to: &out) } else { appendLiteral(string, to: &out) }
  }

  /// A string spelled out: 0 (not a slot), its UTF-8 length, its bytes.
  private static func appendLiteral(_ string: String, to out: inout [UInt8]) {
    out.append(0)
    VarInt.append(string.utf8.count, to: &out)
    out.append(contentsOf: string.utf8)
  }

  /// The prefix: 0 for none; `2n` then n ids spelled out; or `2s+1` then the count of ids
  /// appended and those ids, for a list whose first s ids are the session's previous list's.
  private mutating func appendBlocks(_ blocks: [UInt64], session: Int?, to out: inout [UInt8]) {
    var shared = 0
    if let session {
      let base = sessionBlocks[session]
      let limit = min(base.count, blocks.count)
      while shared < limit && base[shared] == blocks[shared] { shared += 1 }
      sessionBlocks[session] = blocks
    }
    if shared > 0 {
      VarInt.append(UInt64(shared) << 1 | 1, to: &out)
      VarInt.append(blocks.count - shared, to: &out)
    } else {
      VarInt.append(UInt64(blocks.count) << 1, to: &out)
    }
    for index in shared..<blocks.count { VarInt.appendLittleEndian(blocks[index], to: &out) }
  }

  private mutating func appendObserved(_ observed: ObservedOutcome, to out: inout [UInt8]) {
    var flags: UInt8 = 0
    if observed.cachedTokens != nil { flags |= BinaryLogFormat.ObservedFlag.cachedTokens }
    if observed.pod != nil { flags |= BinaryLogFormat.ObservedFlag.pod }
    if observed.ttftMillis != nil { flags |= BinaryLogFormat.ObservedFlag.ttft }
    if observed.e2eMillis != nil { flags |= BinaryLogFormat.ObservedFlag.e2e }
    if let status = observed.status { flags |= RequestStatusCode.code(status) << BinaryLogFormat.ObservedFlag.statusShift }
    out.append(flags)
    if let cached = observed.cachedTokens { VarInt.append(cached, to: &out) }
    if let pod = observed.pod { Self.appendInterned(pod, in: &pods, to: &out) }
    if let ttft = observed.ttftMillis { VarInt.appendLittleEndian(ttft.bitPattern, to: &out) }
    if let e2e = observed.e2eMillis { VarInt.appendLittleEndian(e2e.bitPattern, to: &out) }
  }

  /// The ranges every reader enforces (`BinaryRecordDecoder` checks the same).
  private static func validate(_ record: TraceRecord) throws(BinaryDecodeFailure) {
    func tokens(_ value: Int?, _ field: String) throws(BinaryDecodeFailure) {
      guard let value else { return }
      guard (0...TraceRecord.maximumTokens).contains(value) else {
        throw BinaryDecodeFailure(field: field, message: "value \(value) is outside 0...\(TraceRecord.maximumTokens)")
      }
    }
    guard record.arrivalNanos.magnitude <= TraceRecord.maximumArrivalNanos.magnitude else {
      throw BinaryDecodeFailure(field: "ts", message: "arrival \(Seconds.text(record.arrivalNanos)) s is out of range")
    }
    try tokens(record.inputTokens, "input_tokens")
    try tokens(record.outputTokens, "output_tokens")
    try tokens(record.maxTokens, "max_tokens")
    try tokens(record.observed?.cachedTokens, "cached_tokens")
    if let size = record.blockSize, !(1...TraceRecord.maximumTokens).contains(size) {
      throw BinaryDecodeFailure(field: "block_size", message: "value \(size) is outside 1...\(TraceRecord.maximumTokens)")
    }
  }
}
