import Workload

extension CanonicalLogWriter {
  /// Appends `record` as one canonical JSON line (fields in `docs/log-format.md` order, absent
  /// optional fields left out).
  public static func encode(_ record: TraceRecord, into out: inout [UInt8]) {
    out.append(contentsOf: #"{"ts":"#.utf8)
    Seconds.append(record.arrivalNanos, to: &out)
    key("input_tokens", &out)
    Seconds.appendDecimal(UInt64(max(0, record.inputTokens)), to: &out)
    key("output_tokens", &out)
    Seconds.appendDecimal(UInt64(max(0, record.outputTokens)), to: &out)
    if let id = record.id { string("id", id, &out) }
    if let tenant = record.tenant { string("tenant", tenant, &out) }
    if let session = record.session { string("session", session, &out) }
    if let model = record.model { string("model", model, &out) }
    if let maxTokens = record.maxTokens { integer("max_tokens", maxTokens, &out) }
    if !record.prefixBlocks.isEmpty {
      key("prefix_blocks", &out)
      out.append(UInt8(ascii: "["))
      for (index, block) in record.prefixBlocks.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        Seconds.appendDecimal(block, to: &out)
      }
      out.append(UInt8(ascii: "]"))
    }
    if let blockSize = record.blockSize { integer("block_size", blockSize, &out) }
    if let observed = record.observed {
      if let cached = observed.cachedTokens { integer("cached_tokens", cached, &out) }
      if let pod = observed.pod { string("pod", pod, &out) }
      if let ttft = observed.ttftMillis, ttft.isFinite { number("ttft_ms", ttft, &out) }
      if let e2e = observed.e2eMillis, e2e.isFinite { number("e2e_ms", e2e, &out) }
      if let status = observed.status { string("status", status.rawValue, &out) }
    }
    out.append(contentsOf: "}\n".utf8)
  }

  private static func key(_ name: String, _ out: inout [UInt8]) {
    out.append(contentsOf: ",\"".utf8)
    out.append(contentsOf: name.utf8)
    out.append(contentsOf: "\":".utf8)
  }

  private static func string(_ name: String, _ value: String, _ out: inout [UInt8]) {
    key(name, &out)
    JSONText.appendString(value, to: &out)
  }

  private static func integer(_ name: String, _ value: Int, _ out: inout [UInt8]) {
    key(name, &out)
    Seconds.appendDecimal(UInt64(max(0, value)), to: &out)
  }

  private static func number(_ name: String, _ value: Double, _ out: inout [UInt8]) {
    key(name, &out)
    out.append(contentsOf: "\(value)".utf8)
  }
}
