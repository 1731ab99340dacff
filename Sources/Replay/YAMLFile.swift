import Foundation
import Yams

/// A settings file in YAML (a scenario, contracts): read whole, at most 1 MiB of UTF-8, and
/// composed into a tree. The errors say what is wrong; each caller names the file in its own error.
enum YAMLFile {
  struct Problem: Error {
    var message: String
  }

  /// The text of the file at `path`; `kind` names it in the message ("scenario file").
  static func text(at path: String, kind: String) throws(Problem) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Problem(message: "cannot read the \(kind) (check the path)")
    }
    guard data.count <= 1 << 20, let text = String(data: data, encoding: .utf8) else {
      throw Problem(message: "a \(kind) must be UTF-8 text of at most 1 MiB")
    }
    return text
  }

  /// The YAML tree of `text`; nil for an empty document.
  static func compose(_ text: String) throws(Problem) -> Node? {
    do { return try Yams.compose(yaml: text) } catch { throw Problem(message: "not valid YAML: \(error)") }
  }
}
