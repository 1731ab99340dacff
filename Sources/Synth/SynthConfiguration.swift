import Foundation

/// Every knob of the synthetic request-log generator, each with a realistic default.
///
/// The defaults describe a chat service close to the Azure 2023 conversation trace (input mean
/// 1,155 tokens, output mean 211; these defaults give about 1,110-1,160 and 209 once sessions
/// reach steady state) so that `LoadSizing.defaultPodCapacity` (5.6 req/s for a Llama-3-8B
/// replica on one A100, ~1k-token prompts, ~200-token outputs) applies. Change the length mix and
/// you must also give the per-pod capacity that goes with it.
public struct SynthConfiguration: Sendable, Equatable {
  /// Number of records to generate.
  public var requests: Int
  /// Seed of every random stream; the same configuration and seed give identical records.
  public var seed: UInt64
  /// Arrival time of the log's origin, in nanoseconds (0 gives a relative log).
  public var startNanos: Int64
  /// Model name written into every record.
  public var model: String
  /// Tokens per prefix block.
  public var blockSize: Int
  /// How busy the log keeps a fleet: the mean arrival rate.
  public var load: LoadSizing
  /// Who sends the traffic.
  public var tenants: TenantMix
  /// How arrivals group into multi-turn conversations.
  public var sessions: SessionModel
  /// Prompt and output lengths.
  public var prompts: PromptModel
  /// How the arrival rate moves over time around its mean.
  public var rate: RateCurve
  /// Optional scenario: one tenant's traffic share multiplied for a window.
  public var hotTenant: HotTenant?
  /// Optional scenario: a window in which some requests carry very long prompts.
  public var longContextStorm: LongContextStorm?

  /// A configuration; every argument has the documented default.
  public init(
    requests: Int = 10_000, seed: UInt64 = 1, startNanos: Int64 = 0, model: String = "llama-3-8b",
    blockSize: Int = 16, load: LoadSizing = .fleet(pods: 8, utilization: 0.7),
    tenants: TenantMix = TenantMix(), sessions: SessionModel = SessionModel(),
    prompts: PromptModel = PromptModel(), rate: RateCurve = RateCurve(),
    hotTenant: HotTenant? = nil, longContextStorm: LongContextStorm? = nil
  ) {
    self.requests = requests
    self.seed = seed
    self.startNanos = startNanos
    self.model = model
    self.blockSize = blockSize
    self.load = load
    self.tenants = tenants
    self.sessions = sessions
    self.prompts = prompts
    self.rate = rate
    self.hotTenant = hotTenant
    self.longContextStorm = longContextStorm
  }

  /// Seconds the log is expected to span: `requests / load.meanRequestsPerSecond`.
  public var expectedSpanSeconds: Double {
    Double(requests) / load.meanRequestsPerSecond
  }
}

/// The target mean arrival rate, given directly or derived from a fleet.
///
/// Fleet arithmetic: `rate = pods × utilization × podCapacity`. `podCapacity` is the request rate
/// at which one replica saturates for the configured length mix; the default 5.6 req/s is the
/// Llama-3-8B / A100 figure of `routing-stack.md` §5.3 for ~1k-token prompts and ~200-token
/// outputs. Example: 64 pods at 70 % give 64 × 0.7 × 5.6 = 250.88 req/s, so 1,000,000 requests
/// span about 3,986 s (66 min). The rate is the mean over a whole period of the daily curve,
/// bursts included (see `RateCurve`).
public enum LoadSizing: Sendable, Equatable {
  /// A mean rate in requests per second.
  case requestsPerSecond(Double)
  /// A rate that keeps `pods` replicas at `utilization` (0.7 = 70 %) of `podCapacity` req/s each.
  case fleet(pods: Int, utilization: Double, podCapacity: Double = LoadSizing.defaultPodCapacity)

  /// Requests per second one Llama-3-8B A100 replica sustains for the default length mix.
  public static let defaultPodCapacity = 5.6

  /// The mean arrival rate in requests per second.
  public var meanRequestsPerSecond: Double {
    switch self {
    case .requestsPerSecond(let rate): rate
    case .fleet(let pods, let utilization, let capacity): Double(pods) * utilization * capacity
    }
  }
}

/// The tenants and their Zipf-distributed traffic shares.
public struct TenantMix: Sendable, Equatable {
  /// Number of tenants, named `tenant-0` (the largest) to `tenant-<count-1>`.
  public var count: Int
  /// Zipf exponent `s`: tenant k's share is proportional to `1 / (k+1)^s` (0 gives equal shares).
  public var zipfExponent: Double

  /// A tenant mix with the documented defaults.
  public init(count: Int = 16, zipfExponent: Double = 1.1) {
    self.count = count
    self.zipfExponent = zipfExponent
  }
}

/// How arrivals group into multi-turn sessions.
///
/// Each arrival opens a new session with `newSessionProbability`; otherwise it is the next turn of
/// the tenant's session that has waited longest since becoming ready (its think time elapsed), or
/// a new session if the tenant has none ready. A session is active from its first turn until its
/// last; at most `maxActiveSessions` are active at once (a new session arriving at that bound is
/// a single-turn one), which bounds the generator's memory.
public struct SessionModel: Sendable, Equatable {
  /// Probability that an arrival opens a new session even when a follow-up is possible.
  public var newSessionProbability: Double
  /// Tail index `α` of the turn count: `P(turns ≥ k) = k^-α` (Pareto, floored), up to `maxTurns`.
  public var turnsTailIndex: Double
  /// Upper bound on a session's turns.
  public var maxTurns: Int
  /// Seconds between a turn's arrival and the session becoming ready for its next turn
  /// (the answer's generation plus the user's reading and typing).
  public var thinkTimeSeconds: Lognormal
  /// A ready session not resumed within this many seconds is abandoned.
  public var idleTimeoutSeconds: Double
  /// Bound on simultaneously active sessions (thinking or ready).
  public var maxActiveSessions: Int

  /// A session model with the documented defaults.
  public init(
    newSessionProbability: Double = 0.3, turnsTailIndex: Double = 1.8, maxTurns: Int = 32,
    thinkTimeSeconds: Lognormal = Lognormal(median: 20, sigma: 1.0),
    idleTimeoutSeconds: Double = 1_800, maxActiveSessions: Int = 50_000
  ) {
    self.newSessionProbability = newSessionProbability
    self.turnsTailIndex = turnsTailIndex
    self.maxTurns = maxTurns
    self.thinkTimeSeconds = thinkTimeSeconds
    self.idleTimeoutSeconds = idleTimeoutSeconds
    self.maxActiveSessions = maxActiveSessions
  }
}

/// Prompt and output lengths, in tokens.
///
/// A session's first prompt is its tenant's system prompt plus a first user message; each later
/// prompt is the previous prompt, the previous answer and a follow-up message.
public struct PromptModel: Sendable, Equatable {
  /// Length of a tenant's shared system prompt (drawn once per tenant).
  public var systemPromptTokens: Lognormal
  /// Length of a session's first user message.
  public var firstMessageTokens: Lognormal
  /// Length of each follow-up user message.
  public var followUpMessageTokens: Lognormal
  /// Output length before the `maxTokens` cap.
  public var outputTokens: Lognormal
  /// The client's cap on output tokens, written into every record.
  public var maxTokens: Int
  /// Longest prompt a session may reach; a turn that would exceed it ends the session instead.
  public var contextLimit: Int

  /// A prompt model with the documented defaults.
  public init(
    systemPromptTokens: Lognormal = Lognormal(median: 200, sigma: 0.5),
    firstMessageTokens: Lognormal = Lognormal(median: 220, sigma: 1.0),
    followUpMessageTokens: Lognormal = Lognormal(median: 50, sigma: 1.0),
    outputTokens: Lognormal = Lognormal(median: 140, sigma: 0.9),
    maxTokens: Int = 2_048, contextLimit: Int = 131_072
  ) {
    self.systemPromptTokens = systemPromptTokens
    self.firstMessageTokens = firstMessageTokens
    self.followUpMessageTokens = followUpMessageTokens
    self.outputTokens = outputTokens
    self.maxTokens = maxTokens
    self.contextLimit = contextLimit
  }
}

/// A lognormal distribution given by its median and the standard deviation of its logarithm.
public struct Lognormal: Sendable, Equatable {
  /// The median, `exp(μ)`.
  public var median: Double
  /// The standard deviation `σ` of the logarithm (0 gives the constant `median`).
  public var sigma: Double

  /// A lognormal with this median and log standard deviation.
  public init(median: Double, sigma: Double) {
    self.median = median
    self.sigma = sigma
  }

  /// The mean, `median × exp(σ²/2)`.
  public var mean: Double { median * Foundation.exp(sigma * sigma / 2) }
}
