/// Subset size bounds of one sweep point: `N` (fixed) or `MIN:MAX` (Dicer's replica bounds).
public struct SubsetSize: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var min: Int
  public var max: Int

  public init(min: Int, max: Int) {
    precondition(min >= 1 && max >= min, "subset size bounds need 1 <= min <= max")
    self.min = min
    self.max = max
  }

  /// Parses `N` or `MIN:MAX`; nil when malformed or out of range.
  public init?(parsing text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
    guard (1...2).contains(parts.count), let low = parts.first ?? nil, let high = parts.last ?? nil,
      low >= 1, high >= low
    else { return nil }
    self.init(min: low, max: high)
  }

  public var description: String { min == max ? "\(min)" : "\(min):\(max)" }
}
