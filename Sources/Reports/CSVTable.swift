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

  /// Quotes a field that contains a comma, quote or line break, doubling inner quotes. A text
  /// field that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab
  /// or a carriage return and is not a number) gets a leading `'`, as OWASP advises.
  public static func escape(_ field: String) -> String {
    let field = guardedAgainstFormulas(field)
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension CSVTable {
  static func guardedAgainstFormulas(_ field: String) -> String {
    guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(field) == nil else {
      return field
    }
    return "'" + field
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
