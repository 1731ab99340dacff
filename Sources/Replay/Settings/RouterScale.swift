/// Factors on the cost coefficients the routers believe: `X` (all) or `prefill=X,decode=Y`
/// (a part left out is 1), each in [0.01, 100].
public struct RouterScale: Sendable, Equatable, CustomStringConvertible, SettingText {
  public var prefill: Double
  public var decode: Double
  /// As the user wrote it, for the report.
  public var description: String

  public init(settingText text: String) throws(SettingTextError) {
    guard let (prefill, decode) = Self.parse(text) else {
      throw SettingTextError("use a factor X, or prefill=X,decode=Y, each from 0.01 to 100")
    }
    (self.prefill, self.decode, description) = (prefill, decode, text)
  }

  static func parse(_ text: String) -> (prefill: Double, decode: Double)? {
    func factor(_ s: Substring) -> Double? {
      guard let value = Double(s), value.isFinite, value >= 0.01, value <= 100 else { return nil }
      return value
    }
    if let all = factor(Substring(text)) { return (all, all) }
    var result = (prefill: 1.0, decode: 1.0)
    var seen = Set<Substring>()
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, let value = factor(pair[1]), seen.insert(pair[0]).inserted else { return nil }
      switch pair[0] {
      case "prefill": result.prefill = value
      case "decode": result.decode = value
      default: return nil
      }
    }
    return result
  }
}
