/// Recognises a log's format from its first non-blank line (a JSON object or a CSV header).
enum FormatDetector {
  /// The format the line suggests, or nil when it is neither JSON nor a CSV header.
  static func detect(_ line: UnsafeBufferPointer<UInt8>, mapping: [String: String]) -> TraceFormat? {
    var first = 0
    while first < line.count && (line[first] == 0x20 || line[first] == 0x09) { first += 1 }
    guard first < line.count else { return nil }
    // A field mapping describes the user's own canonical-style log, whatever its names resemble.
    if line[first] == UInt8(ascii: "{") { return mapping.isEmpty ? detectJSON(line) : .canonicalJSONL }
    guard DecodeSupport.isValidUTF8(line), !line.contains(where: { $0 < 0x20 && $0 != 0x09 }) else { return nil }
    let names = Set(
      String(decoding: line, as: UTF8.self).split(separator: ",").map {
        $0.trimmingCharacters(in: " \t\"")
      })
    let tsName = mapping["ts"] ?? "ts"
    if !mapping.isEmpty { return names.contains(tsName) ? .canonicalCSV : nil }
    if names.contains("TIMESTAMP") && names.contains("ContextTokens") { return .azure }
    if names.contains("Request tokens") && names.contains("Response tokens") { return .burstgpt }
    return names.contains(tsName) ? .canonicalCSV : nil
  }

  private static func detectJSON(_ line: UnsafeBufferPointer<UInt8>) -> TraceFormat {
    var scanner = JSONScanner(line)
    var keys: Set<String> = []
    var hashIDsIsObject = false
    do {
      try scanner.beginObject()
      var first = true
      while let key = try scanner.nextKey(first: first) {
        first = false
        let name = try scanner.decodedString(key)
        if name == "hash_ids" && scanner.peek == UInt8(ascii: "{") { hashIDsIsObject = true }
        keys.insert(name)
        try scanner.skipValue()
      }
    } catch {
      return .canonicalJSONL
    }
    if keys.contains("chat_id") || keys.contains("parent_chat_id") { return .bailian }
    if hashIDsIsObject || (keys.contains("session_id") && keys.contains("input_length")) { return .ragpulse }
    if keys.contains("timestamp") && keys.contains("input_length") { return .mooncake }
    return .canonicalJSONL
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    let chars = Set(set)
    var text = self
    while let c = text.first, chars.contains(c) { text = text.dropFirst() }
    while let c = text.last, chars.contains(c) { text = text.dropLast() }
    return String(text)
  }
}
