import SimCore

extension SynthGenerator {
  /// Each tenant's system prompt: its length (drawn once) and the ids of its full blocks.
  static func systemPrompts(_ configuration: SynthConfiguration) -> (tokens: [Int], blocks: [[UInt64]]) {
    var random = RandomStream(seed: configuration.seed, stream: "synth.systemPrompts")
    let salt = StableHash.combine(configuration.seed, StableHash.hash("synth.systemPrompts"))
    // Half the context at most, so that every session has room for its first message.
    let limit = configuration.prompts.contextLimit / 2
    var tokens: [Int] = []
    var blocks: [[UInt64]] = []
    for tenant in 0..<configuration.tenants.count {
      let length = random.nextTokens(configuration.prompts.systemPromptTokens, limit: limit)
      var ids: [UInt64] = []
      PromptChain.append(
        segment: StableHash.combine(salt, UInt64(tenant)), length: length, at: 0,
        blockSize: configuration.blockSize, to: &ids)
      tokens.append(length)
      blocks.append(ids)
    }
    return (tokens, blocks)
  }

  /// A window given in seconds as a range of nanoseconds from the origin.
  static func window(start: Double, duration: Double) -> Range<Int64> {
    let lower = Int64(start * 1e9)
    return lower..<(lower + Int64(duration * 1e9))
  }

  /// `a + b`, or `Int64.max` when that overflows.
  static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? .max : sum
  }
}
