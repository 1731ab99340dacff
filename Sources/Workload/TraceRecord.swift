/// One request of a request log, in muroute's canonical form.
///
/// Every reader (canonical JSONL/CSV and the public formats) produces these; the replay and
/// `inspect` consume them. Field meanings are documented in `docs/log-format.md`.
public struct TraceRecord: Sendable, Equatable {
  /// Arrival time in nanoseconds, on the log's own clock (relative or Unix epoch).
  public var arrivalNanos: Int64
  /// Prompt tokens, including any cached prefix.
  public var inputTokens: Int
  /// Generated tokens.
  public var outputTokens: Int
  /// The request's id in the source log, if it had one.
  public var id: String?
  /// Customer or workload.
  public var tenant: String?
  /// Conversation key.
  public var session: String?
  public var model: String?
  /// The client's cap on output tokens.
  public var maxTokens: Int?
  /// Ids of the prompt's consecutive blocks, in prompt order (a shared leading run is a shared prefix).
  public var prefixBlocks: [UInt64]
  /// Tokens per prefix block; nil when the log has no prefix blocks or leaves it to a flag.
  public var blockSize: Int?
  /// What production observed for this request, when the log carries it.
  public var observed: ObservedOutcome?

  /// The largest token count a reader accepts in any field. No model's context comes near it,
  /// and it keeps every sum and product of token counts the replay forms inside 64 bits.
  public static let maximumTokens = 1_000_000_000
  /// The largest arrival magnitude a reader accepts: 4e9 s (Unix time up to the year 2096),
  /// leaving more than a century of simulated time before nanosecond clocks overflow.
  public static let maximumArrivalNanos: Int64 = 4_000_000_000 * 1_000_000_000

  public init(
    arrivalNanos: Int64, inputTokens: Int, outputTokens: Int, id: String? = nil,
    tenant: String? = nil, session: String? = nil, model: String? = nil, maxTokens: Int? = nil,
    prefixBlocks: [UInt64] = [], blockSize: Int? = nil, observed: ObservedOutcome? = nil
  ) {
    self.arrivalNanos = arrivalNanos
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.id = id
    self.tenant = tenant
    self.session = session
    self.model = model
    self.maxTokens = maxTokens
    self.prefixBlocks = prefixBlocks
    self.blockSize = blockSize
    self.observed = observed
  }
}

/// Production's view of a request: where it ran and how long it took.
public struct ObservedOutcome: Sendable, Equatable {
  public var cachedTokens: Int?
  public var pod: String?
  public var ttftMillis: Double?
  public var e2eMillis: Double?
  public var status: RequestStatus?

  public init(
    cachedTokens: Int? = nil, pod: String? = nil, ttftMillis: Double? = nil,
    e2eMillis: Double? = nil, status: RequestStatus? = nil
  ) {
    self.cachedTokens = cachedTokens
    self.pod = pod
    self.ttftMillis = ttftMillis
    self.e2eMillis = e2eMillis
    self.status = status
  }

  /// True when no field is set.
  public var isEmpty: Bool {
    cachedTokens == nil && pod == nil && ttftMillis == nil && e2eMillis == nil && status == nil
  }
}

/// How a request ended in production.
public enum RequestStatus: String, Sendable, CaseIterable {
  case ok, error, rejected, timeout
}
