/// A request's size in tokens: the reference against which a pod's MU capacity is expressed.
public struct RequestShape: Sendable, Equatable, CustomStringConvertible {
  public var inputTokens: Int
  public var outputTokens: Int

  public init(inputTokens: Int, outputTokens: Int) {
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
  }

  /// A short chat turn: 1,024 prompt tokens, 256 generated.
  public static let standard = RequestShape(inputTokens: 1_024, outputTokens: 256)

  /// The mean shape of `requests` (input, output) rounded to whole tokens; `standard` for none.
  public static func mean(of requests: some Collection<(Int, Int)>) -> RequestShape {
    guard !requests.isEmpty else { return .standard }
    let count = Double(requests.count)
    let input = requests.reduce(0.0) { $0 + Double($1.0) } / count
    let output = requests.reduce(0.0) { $0 + Double($1.1) } / count
    return RequestShape(inputTokens: Int(input.rounded()), outputTokens: Int(output.rounded()))
  }

  /// `IN:OUT`, as the command line writes it.
  public var description: String { "\(inputTokens):\(outputTokens)" }

  /// Parses `IN:OUT` (positive prompt tokens, non-negative output tokens).
  public init?(parsing text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let input = Int(parts[0]), let output = Int(parts[1]),
      input >= 1, output >= 0, input <= 10_000_000, output <= 10_000_000
    else { return nil }
    self.init(inputTokens: input, outputTokens: output)
  }
}

extension MUCostModel {
  /// A model whose pod capacity is expressed in requests of `shape`.
  public init(profile: CostProfile, muPerMinute: Double, capacityReference shape: RequestShape) {
    self.init(
      profile: profile, muPerMinute: muPerMinute, referenceInputTokens: shape.inputTokens,
      referenceOutputTokens: shape.outputTokens)
  }
}
