/// An error reading or writing a request log, with where it happened and what to do about it.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The class of problem, so callers and tests can react without parsing text.
  public enum Kind: String, Sendable, Equatable {
    case io, notZstd, truncatedZstd, corruptZstd, emptyInput, lineTooLong, malformedRecord
    case missingField, invalidValue, invalidUTF8, outOfOrder, unknownFormat, usage
    /// A binary log written in a layout newer than this build reads.
    case unsupportedVersion
    /// A binary log whose checksums or structure show damage.
    case corruptLog
    /// A binary log that ends before its end frame.
    case truncatedLog
  }

  /// The class of problem.
  public var kind: Kind
  /// The file being read (`-` for stdin).
  public var file: String
  /// 1-based line number; 0 when the problem is not tied to a line.
  public var line: Int
  /// The field at fault, if any.
  public var field: String?
  /// What is wrong.
  public var message: String
  /// What the user can do about it.
  public var hint: String

  /// Creates an error; `line` 0 means the whole file.
  public init(
    _ kind: Kind, file: String, line: Int = 0, field: String? = nil, message: String, hint: String
  ) {
    self.kind = kind
    self.file = file
    self.line = line
    self.field = field
    self.message = message
    self.hint = hint
  }

  /// `<file>:<line>: field '<f>': <what> (<what to do>)`, omitting the parts that do not apply.
  public var description: String {
    var text = file
    if line > 0 { text += ":\(line)" }
    text += ": "
    if let field { text += "field '\(field)': " }
    text += message
    if !hint.isEmpty { text += " (\(hint))" }
    return text
  }
}

/// A decoding failure inside one line, before the reader adds the file and line number.
struct FieldError: Error {
  var kind: TraceError.Kind
  var field: String?
  var message: String
  var hint: String

  init(_ kind: TraceError.Kind = .malformedRecord, field: String?, _ message: String, hint: String = "") {
    self.kind = kind
    self.field = field
    self.message = message
    self.hint = hint
  }

  func located(file: String, line: Int) -> TraceError {
    TraceError(
      kind, file: file, line: line, field: field, message: message,
      hint: hint.isEmpty ? "fix or remove the line, or skip bad lines with --max-bad-lines N" : hint)
  }
}
