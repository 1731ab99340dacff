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
  /// Agentic: measured, not estimated. A 5,000-request agentic log (prompts ~54k tokens at the
  /// median, 90% of their blocks shared with the session's previous turn) offered at 6.3 req/s
  /// backs up without bound on 48 llama-3-8b-a100 pods and keeps up on 64 (release build,
  /// mu-least, 2026-12-07): about 0.1 req/s per pod.
  public var podCapacity: Double {
    switch self {
    case .chat: LoadSizing.defaultPodCapacity
    case .agentic: 0.1
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
