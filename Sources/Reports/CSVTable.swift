/// RFC 4180 CSV text: comma-separated, CRLF-free (LF line ends), fields quoted when needed.
public struct CSVTable: Sendable {
  private var text: String

  /// A table with `header` as its first row.
  public init(header: [String]) {
    text = ""
    appendRow(header)
  }

  /// Appends one row.
  public mutating func appendRow(_ fields: [String]) {
    text += fields.map(Self.escape).joined(separator: ",")
    text += "\n"
  }

  /// The CSV document.
  public var contents: String { text }

  /// Quotes a field that contains a comma, quote or line break, doubling inner quotes.
  public static func escape(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
