/// The kind of traffic a synthetic log describes: a preset of session, prompt and sizing knobs.
public enum SynthWorkload: String, Sendable, CaseIterable {
  /// A chat service close to the Azure 2023 conversation trace (the `SynthConfiguration`
  /// defaults): ~1k-token prompts, a few turns per conversation.
  case chat
  /// Long-context coding agents: a large shared system prompt (tool definitions), a task with
  /// repository context, then dozens of turns a few seconds apart, each appending a tool call
  /// and its result, so prompts grow to tens of thousands of tokens (mean above 50k) and every
  /// turn's prompt extends the previous one's prefix blocks.
  case agentic

  /// Requests per second one llama-3-8b-a100 pod sustains for this mix, for `--pods` sizing.
  ///
  /// Agentic: estimated from the built-in cost model for ~60k-token contexts of which a turn
  /// adds ~4k tokens: ~0.5 s of prefill per turn on a hit, ~350 decode passes of ~45 ms shared
  /// by the ~7 such contexts the pod's KV memory holds.
  public var podCapacity: Double {
    switch self {
    case .chat: LoadSizing.defaultPodCapacity
    case .agentic: 0.5
    }
  }

  /// Sets the preset's knobs on `configuration`, leaving load, seed, size and scenarios alone.
  public func apply(to configuration: inout SynthConfiguration) {
    switch self {
    case .chat:
      configuration.sessions = SessionModel()
      configuration.prompts = PromptModel()
    case .agentic:
      configuration.sessions = SessionModel(
        newSessionProbability: 0.02, turnsTailIndex: 0.5, maxTurns: 400,
        thinkTimeSeconds: Lognormal(median: 4, sigma: 0.8), idleTimeoutSeconds: 600)
      configuration.prompts = PromptModel(
        systemPromptTokens: Lognormal(median: 12_000, sigma: 0.3),
        firstMessageTokens: Lognormal(median: 12_000, sigma: 0.8),
        followUpMessageTokens: Lognormal(median: 2_400, sigma: 1.0),
        outputTokens: Lognormal(median: 250, sigma: 0.8), maxTokens: 4_096, contextLimit: 131_072)
    }
  }
}
