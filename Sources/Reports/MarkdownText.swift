/// Text from a log (tenant and session names, file names) made safe to place in Markdown: it
/// renders as the same characters, never as HTML, a link, emphasis, a table separator or a
/// new line (which could start a heading).
public enum MarkdownText {
  /// `text` escaped for a Markdown table cell or a line of prose.
  public static func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\\", "`", "*", "_", "[", "]", "|", "#", "!": out += "\\" + String(character)
      case "\n", "\r", "\r\n", "\t": out += " "
      default:
        if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
          out += "\u{FFFD}"
        } else {
          out.append(character)
        }
      }
    }
    return out
  }

  /// `text` as a Markdown code span (backticks included): a backtick or a line break inside
  /// would end the span or the line, so they become `'` and a space.
  public static func codeSpan(_ text: String) -> String {
    let inner = String(
      text.map { character -> Character in
        switch character {
        case "`": return "'"
        case "\n", "\r", "\r\n", "\t": return " "
        default:
          return character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) ? "\u{FFFD}" : character
        }
      })
    return "`" + inner + "`"
  }
}
