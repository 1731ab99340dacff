import Workload

/// What production observed, as the log carries it (`TraceRecord.observed`), collected while the
/// log streams past: per-pod counters for at most `podLimit` pod names, HDR histograms for latency.
public struct ObservedMetrics: Sendable {
  /// One production pod: its name, the requests it served and their MU.
  public struct Pod: Sendable, Equatable {
    public var name: String
    public var requests = 0
    public var mu: Double = 0

    public init(name: String, requests: Int = 0, mu: Double = 0) {
      self.name = name
      self.requests = requests
      self.mu = mu
    }
  }

  /// Distinct pod names tracked one by one; further names are counted together in `other`.
  public static let podLimit = 4_096
  private var podIndex: [String: Int] = [:]
  private var podList: [Pod] = []
  /// Requests of pods beyond `podLimit` distinct names.
  public private(set) var other = Pod(name: "other")
  /// Records with at least one observed field.
  public private(set) var records = 0
  /// Records with observed fields but no pod.
  public private(set) var withoutPod = 0
  public private(set) var ttft = LatencyRecorder()
  public private(set) var e2e = LatencyRecorder()
  /// Observed time per output token, `(e2e - ttft) / (output tokens - 1)`, the way the replay
  /// measures its own: only records with both times, e2e not before ttft, and two tokens or more.
  public private(set) var tpot = LatencyRecorder()
  /// Prompt and cached tokens of records that say how many tokens hit the cache.
  public private(set) var inputTokens = 0
  public private(set) var cachedTokens = 0
  /// Records per status, in `RequestStatus.allCases` order.
  public private(set) var statusCounts = [Int](repeating: 0, count: RequestStatus.allCases.count)

  public init() {}

  /// True when no record carried observed fields.
  public var isEmpty: Bool { records == 0 }

  /// Tracked pods sorted by name (the tail beyond `podLimit` is in `other`).
  public var pods: [Pod] { podList.sorted { $0.name < $1.name } }

  /// Token-weighted cache hit rate over records that report cached tokens.
  public var cacheHitRate: Double { inputTokens > 0 ? Double(cachedTokens) / Double(inputTokens) : 0 }

  /// Records one request's observed outcome; `mu` is its cost at the observed cached tokens.
  /// `outputTokens` is the log's output length (for TPOT; 0 or 1 records none).
  public mutating func record(_ outcome: ObservedOutcome, inputTokens: Int, outputTokens: Int = 0, mu: Double) {
    records += 1
    if let name = outcome.pod {
      if let i = podIndex[name] {
        podList[i].requests += 1
        podList[i].mu += mu
      } else if podList.count < Self.podLimit {
        podIndex[name] = podList.count
        podList.append(Pod(name: name, requests: 1, mu: mu))
      } else {
        other.requests += 1
        other.mu += mu
      }
    } else {
      withoutPod += 1
    }
    if let ttftMillis = outcome.ttftMillis, ttftMillis.isFinite {
      ttft.record(nanoseconds: Int64(max(0, min(ttftMillis, 1e12)) * 1_000_000))
    }
    if let e2eMillis = outcome.e2eMillis, e2eMillis.isFinite {
      e2e.record(nanoseconds: Int64(max(0, min(e2eMillis, 1e12)) * 1_000_000))
    }
    if let ttftMillis = outcome.ttftMillis, let e2eMillis = outcome.e2eMillis, ttftMillis.isFinite, e2eMillis.isFinite,
      e2eMillis >= ttftMillis,
      let perToken = TimePerOutputToken.milliseconds(ttft: max(0, ttftMillis), e2e: min(e2eMillis, max(0, ttftMillis) + 1e12), outputTokens: outputTokens)
    {
      tpot.record(nanoseconds: Int64(perToken * 1_000_000))
    }
    if let cached = outcome.cachedTokens {
      self.inputTokens += inputTokens
      cachedTokens += min(max(cached, 0), inputTokens)
    }
    if let status = outcome.status, let i = RequestStatus.allCases.firstIndex(of: status) {
      statusCounts[i] += 1
    }
  }
}
