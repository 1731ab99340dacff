/// A scenario file's value of a setting, decoded from its text by the setting's own reader
/// (`SettingText`), so that the file and the flag accept the same words.
public struct SettingValue<Value: SettingText>: Decodable, Sendable, Equatable {
  public var value: Value

  public init(_ value: Value) { self.value = value }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    do { value = try Value(settingText: text) } catch {
      let key = decoder.codingPath.reduce(into: "") { key, part in
        if let index = part.intValue { key += "[\(index)]" } else { key += (key.isEmpty ? "" : ".") + part.stringValue }
      }
      throw SettingValueError(key: key, text: text, reason: error.description)
    }
  }
}

/// A scenario value its setting does not accept: the key, the text and what to write instead.
struct SettingValueError: Error, CustomStringConvertible {
  var key: String
  var text: String
  var reason: String
  var description: String { "\(key) '\(text)': \(reason)" }
}
