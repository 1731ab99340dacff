import ArgumentParser
import Foundation
import Replay
import SimCore

// The choice flags read their enum through `transform:` rather than `ExpressibleByArgument`:
// ArgumentParser's own message for a value that `init?(argument:)` refuses lists the names but
// cannot suggest one, and a mistyped policy or spill name deserves "did you mean".
extension NamedChoice {
  /// `text` as a choice (any case), or an error listing the names with the closest one.
  static func argument(_ text: String) throws -> Self {
    guard let choice = Self(named: text) else { throw ValidationError(unknownNameMessage(text)) }
    return choice
  }

  /// Shell completion offers every name.
  static var completion: CompletionKind { .list(names) }

  /// "a, b or c", for help texts.
  static var nameList: String {
    names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
  }
}

extension SettingText {
  /// `text` read as the scenario file reads it, or a usage error saying what is accepted.
  static func setting(_ text: String) throws -> Self {
    do { return try Self(settingText: text) } catch { throw ValidationError(error.description) }
  }
}

extension SettingText where Self: NamedChoice {
  /// A comma list of choices (`a,b`), for flags that also repeat.
  static func list(_ text: String) throws -> [Self] {
    try text.split(separator: ",").map { (item: Substring) throws -> Self in
      let name = item.trimmingCharacters(in: .whitespaces)
      do { return try Self(settingText: name) } catch { throw ValidationError("'\(name)': \(error)") }
    }
  }
}
