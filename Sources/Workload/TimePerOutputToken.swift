import SimCore

/// Time per output token (TPOT): the time from the first token to the last, over the tokens
/// after the first. One definition for the replay's latencies and for production's observed ones,
/// so that the two can be compared.
public enum TimePerOutputToken {
  /// The replay's TPOT; nil below two output tokens (no gap between tokens to measure).
  public static func of(firstToken: SimInstant, completion: SimInstant, outputTokens: Int) -> SimDuration? {
    outputTokens > 1 ? SimDuration(nanoseconds: (completion - firstToken).nanoseconds / Int64(outputTokens - 1)) : nil
  }

  /// An observed TPOT in milliseconds from a request's TTFT and end-to-end time; nil below two tokens.
  public static func milliseconds(ttft: Double, e2e: Double, outputTokens: Int) -> Double? {
    outputTokens > 1 ? (e2e - ttft) / Double(outputTokens - 1) : nil
  }
}
