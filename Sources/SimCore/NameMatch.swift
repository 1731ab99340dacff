/// Matches a name typed by a user against the names a setting accepts: case-insensitively, and
/// when nothing matches, the closest name by edit distance so that an error can say
/// "did you mean ...?".
public enum NameMatch {
  /// The accepted name equal to `text` ignoring case, if any.
  public static func exact(_ text: String, among names: [String]) -> String? {
    let lowered = text.lowercased()
    return names.first { $0.lowercased() == lowered }
  }

  /// The accepted name closest to `text` (at most a third of its length away, at least 2
  /// edits allowed), for a suggestion; nil when none is close.
  public static func closest(to text: String, among names: [String]) -> String? {
    let lowered = Array(text.lowercased())
    let limit = max(2, lowered.count / 3)
    var best: (name: String, distance: Int)?
    for name in names {
      let distance = editDistance(lowered, Array(name.lowercased()))
      if distance <= limit, distance < (best?.distance ?? Int.max) { best = (name, distance) }
    }
    return best?.name
  }

  /// "'x': use one of a, b, c" followed by "; did you mean b?" when a name is close.
  public static func unknownValueMessage(_ text: String, among names: [String]) -> String {
    var message = "use one of \(names.joined(separator: ", "))"
    if let suggestion = closest(to: text, among: names) { message += "; did you mean '\(suggestion)'?" }
    return message
  }

  /// Levenshtein distance (insertions, deletions, substitutions), two rows of memory.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
