/// Scenario: inside a time window a fraction of arrivals open sessions whose first prompt is very
/// long (log-uniform between `minTokens` and `maxTokens`), as when users paste whole documents.
public struct LongContextStorm: Sendable, Equatable {
  /// Window start, in seconds from the log's origin.
  public var startSeconds: Double
  /// Window length in seconds.
  public var durationSeconds: Double
  /// Fraction of the window's arrivals that carry a long prompt.
  public var fraction: Double
  /// Shortest long prompt, in tokens.
  public var minTokens: Int
  /// Longest long prompt, in tokens (at most the context limit).
  public var maxTokens: Int

  /// A long-context storm window.
  public init(
    startSeconds: Double = 600, durationSeconds: Double = 300, fraction: Double = 0.2,
    minTokens: Int = 32_000, maxTokens: Int = 100_000
  ) {
    self.startSeconds = startSeconds
    self.durationSeconds = durationSeconds
    self.fraction = fraction
    self.minTokens = minTokens
    self.maxTokens = maxTokens
  }
}
