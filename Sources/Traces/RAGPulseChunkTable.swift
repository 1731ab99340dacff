import SimCore

/// Token lengths of RAGPulse prompt chunks, from the side files beside the trace
/// (`1_sys_prompt.jsonl.zst` ... `5_web_search.jsonl.zst`), loaded once.
struct RAGPulseChunkTable: Sendable {
  /// The prompt components in prompt order, with their side-file name and id key.
  static let components: [(key: String, file: String, idKey: String)] = [
    ("sys_prompt", "1_sys_prompt", "sys_prompt_id"),
    ("passages_ids", "2_passages", "passage_id"),
    ("history", "3_history", "history_id"),
    ("web_search", "5_web_search", "web_search_id"),
    ("user_input", "4_user_input", "user_input_id"),
  ]
  /// Per component (prompt order), chunk id -> token length.
  var lengths: [[Int64: Int]]

  /// Loads the side files from `directory`; nil when any of them is absent.
  static func load(directory: String) throws(TraceError) -> RAGPulseChunkTable? {
    var lengths: [[Int64: Int]] = []
    for component in components {
      var path = "\(directory)/\(component.file).jsonl.zst"
      if !fileExists(path) { path = "\(directory)/\(component.file).jsonl" }
      guard fileExists(path) else { return nil }
      lengths.append(try loadFile(path, idKey: component.idKey))
    }
    return RAGPulseChunkTable(lengths: lengths)
  }

  /// Whether a file named `name` is one of the side files, not a log (in a directory of logs).
  static func isSideFile(_ name: String) -> Bool {
    components.contains { name == "\($0.file).jsonl.zst" || name == "\($0.file).jsonl" }
  }

  private static func fileExists(_ path: String) -> Bool {
    (try? ByteSource(path: path)) != nil
  }

  private static func loadFile(_ path: String, idKey: String) throws(TraceError) -> [Int64: Int] {
    let splitter = LineSplitter(source: try ByteSource(path: path))
    let keys = KeyTable([(idKey, 0), ("token_length", 1)])
    var table: [Int64: Int] = [:]
    while let line = try splitter.nextLine() {
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      do throws(FieldError) {
        var scanner = JSONScanner(line)
        try scanner.beginObject()
        var id: Int64?
        var length: Int?
        var first = true
        while let key = try scanner.nextKey(first: first) {
          first = false
          switch keys.lookup(key, in: scanner) {
          case 0: id = try scanner.number(field: idKey).scaledInt64(by: 0)
          case 1: length = try DecodeSupport.tokens(scanner.number(field: "token_length"), field: "token_length")
          default: try scanner.skipValue()
          }
        }
        guard let id, let length else { throw DecodeSupport.missing(id == nil ? idKey : "token_length") }
        table[id] = length
      } catch {
        throw error.located(file: path, line: splitter.lineNumber)
      }
    }
    return table
  }
}
