import Workload

/// Turns the binary log's record encoding back into records, with the same state as the
/// encoder: the previous arrival and id, the interned strings, and each windowed session's
/// latest block list. Memory is bounded by the windows, never by the log's length.
struct BinaryRecordDecoder {
  private var previousArrival: Int64 = 0
  private var previousID: [UInt8] = []
  private var tenants: StringTable
  private var models: StringTable
  private var pods: StringTable
  private var sessions: StringTable
  /// Per session slot: the block list of that session's latest record.
  private var sessionBlocks: [[UInt64]] = []
  private let defaultBlockSize: Int?

  init(sessionWindow: Int, stringWindow: Int, defaultBlockSize: Int?) {
    tenants = StringTable(capacity: stringWindow)
    models = StringTable(capacity: stringWindow)
    pods = StringTable(capacity: stringWindow)
    sessions = StringTable(capacity: sessionWindow)
    self.defaultBlockSize = defaultBlockSize
  }

  /// The record at the cursor; any value out of range or reference out of the window is an error.
  mutating func decode(_ cursor: inout ByteCursor) throws(BinaryDecodeFailure) -> TraceRecord {
    let flags = try cursor.byte("flags")
    guard flags & BinaryLogFormat.Flag.reserved == 0 else {
      throw BinaryDecodeFailure(field: "flags", message: "reserved flag bit 7 is set")
    }
    let delta = VarInt.unzigzag(try cursor.varint("ts"))
    let arrival = previousArrival &+ delta
    guard arrival.magnitude <= TraceRecord.maximumArrivalNanos.magnitude else {
      throw BinaryDecodeFailure(field: "ts", message: "arrival \(Seconds.text(arrival)) s is out of range")
    }
    previousArrival = arrival
    let maximum = TraceRecord.maximumTokens
    var record = TraceRecord(
      arrivalNanos: arrival, inputTokens: try cursor.count("input_tokens", limit: maximum),
      outputTokens: try cursor.count("output_tokens", limit: maximum))
    if flags & BinaryLogFormat.Flag.id != 0 { record.id = try decodeID(&cursor) }
    if flags & BinaryLogFormat.Flag.tenant != 0 { record.tenant = try Self.interned(&cursor, &tenants, "tenant") }
    var sessionSlot: Int?
    if flags & BinaryLogFormat.Flag.session != 0 {
      let (session, slot, isNew) = try Self.string(&cursor, &sessions, "session")
      if isNew {
        if slot == sessionBlocks.count { sessionBlocks.append([]) } else { sessionBlocks[slot] = [] }
      }
      record.session = session
      sessionSlot = slot
    }
    if flags & BinaryLogFormat.Flag.model != 0 { record.model = try Self.interned(&cursor, &models, "model") }
    if flags & BinaryLogFormat.Flag.maxTokens != 0 { record.maxTokens = try cursor.count("max_tokens", limit: maximum) }
    if flags & BinaryLogFormat.Flag.blockSize != 0 {
      let size = try cursor.count("block_size", limit: maximum)
      guard size > 0 else { throw BinaryDecodeFailure(field: "block_size", message: "value 0 is not a block size") }
      record.blockSize = size
    }
    record.prefixBlocks = try decodeBlocks(&cursor, session: sessionSlot)
    if record.blockSize == nil && !record.prefixBlocks.isEmpty { record.blockSize = defaultBlockSize }
    if flags & BinaryLogFormat.Flag.observed != 0 { record.observed = try decodeObserved(&cursor) }
    return record
  }

  private mutating func decodeID(_ cursor: inout ByteCursor) throws(BinaryDecodeFailure) -> String {
    let shared = try cursor.count("id", limit: previousID.count)
    let suffix = try cursor.bytes(try cursor.count("id", limit: cursor.end), "id")
    previousID.removeSubrange(shared...)
    previousID.append(contentsOf: suffix)
    guard let id = String(validating: previousID, as: UTF8.self) else {
      throw BinaryDecodeFailure(field: "id", message: "the id is not valid UTF-8")
    }
    return id
  }

  private static func interned(
    _ cursor: inout ByteCursor, _ table: inout StringTable, _ field: String
  ) throws(BinaryDecodeFailure) -> String {
    try string(&cursor, &table, field).string
  }

  /// A slot reference (slot + 1) or 0 and a spelled-out string, which takes a slot.
  @inline(__always)
  private static func string(
    _ cursor: inout ByteCursor, _ table: inout StringTable, _ field: String
  ) throws(BinaryDecodeFailure) -> (string: String, slot: Int, isNew: Bool) {
    let reference = try cursor.count(field, limit: table.count)
    if reference > 0 {
      guard let string = table.lookUp(reference - 1) else {
        throw BinaryDecodeFailure(field: field, message: "string slot \(reference - 1) is empty")
      }
      return (string, reference - 1, false)
    }
    let bytes = try cursor.bytes(try cursor.count(field, limit: cursor.end), field)
    guard let string = String(validating: bytes, as: UTF8.self) else {
      throw BinaryDecodeFailure(field: field, message: "the string is not valid UTF-8")
    }
    return (string, table.add(string), true)
  }

  private mutating func decodeBlocks(_ cursor: inout ByteCursor, session: Int?) throws(BinaryDecodeFailure) -> [UInt64] {
    let head = try cursor.varint("prefix_blocks")
    let blocks: [UInt64]
    if head & 1 == 0 {
      let count = head >> 1
      guard count <= UInt64(cursor.end) else {
        throw BinaryDecodeFailure(field: "prefix_blocks", message: "the frame ends inside a record")
      }
      blocks = try Self.literal(&cursor, count: Int(count), after: [], shared: 0)
    } else {
      guard let session else {
        throw BinaryDecodeFailure(field: "prefix_blocks", message: "a record without a session refers to its session's blocks")
      }
      let base = sessionBlocks[session]
      guard head >> 1 <= UInt64(base.count) else {
        throw BinaryDecodeFailure(
          field: "prefix_blocks", message: "\(head >> 1) shared blocks, but the session's previous record has \(base.count)")
      }
      let shared = Int(head >> 1)
      let appended = try cursor.count("prefix_blocks", limit: cursor.end)
      // A turn that adds nothing shares its predecessor's storage.
      blocks = appended == 0 && shared == base.count ? base : try Self.literal(&cursor, count: appended, after: base, shared: shared)
    }
    if let session { sessionBlocks[session] = blocks }
    return blocks
  }

  /// `shared` ids of `base`, then `count` ids spelled out at the cursor.
  @inline(__always)
  private static func literal(
    _ cursor: inout ByteCursor, count: Int, after base: [UInt64], shared: Int
  ) throws(BinaryDecodeFailure) -> [UInt64] {
    let bytes = try cursor.bytes(count * 8, "prefix_blocks")
    return [UInt64](unsafeUninitializedCapacity: shared + count) { buffer, initialized in
      guard let target = buffer.baseAddress else { return }
      base.withUnsafeBufferPointer { from in
        if shared > 0, let source = from.baseAddress { target.initialize(from: source, count: shared) }
      }
      if count > 0, let source = bytes.baseAddress {
        UnsafeMutableRawPointer(target + shared).copyMemory(from: source, byteCount: count * 8)
        #if _endian(big)
          for i in shared..<(shared + count) { target[i] = UInt64(littleEndian: target[i]) }
        #endif
      }
      initialized = shared + count
    }
  }

  private mutating func decodeObserved(_ cursor: inout ByteCursor) throws(BinaryDecodeFailure) -> ObservedOutcome {
    let flags = try cursor.byte("observed")
    guard flags & BinaryLogFormat.ObservedFlag.reserved == 0 else {
      throw BinaryDecodeFailure(field: "observed", message: "reserved flag bit 7 is set")
    }
    var observed = ObservedOutcome()
    let statusCode = (flags >> BinaryLogFormat.ObservedFlag.statusShift) & 7
    if statusCode != 0 {
      guard let status = RequestStatusCode.status(statusCode) else {
        throw BinaryDecodeFailure(field: "status", message: "status code \(statusCode) is not a status")
      }
      observed.status = status
    }
    if flags & BinaryLogFormat.ObservedFlag.cachedTokens != 0 {
      observed.cachedTokens = try cursor.count("cached_tokens", limit: TraceRecord.maximumTokens)
    }
    if flags & BinaryLogFormat.ObservedFlag.pod != 0 { observed.pod = try Self.interned(&cursor, &pods, "pod") }
    if flags & BinaryLogFormat.ObservedFlag.ttft != 0 { observed.ttftMillis = Double(bitPattern: try cursor.littleEndian64("ttft_ms")) }
    if flags & BinaryLogFormat.ObservedFlag.e2e != 0 { observed.e2eMillis = Double(bitPattern: try cursor.littleEndian64("e2e_ms")) }
    return observed
  }
}
