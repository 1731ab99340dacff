import SimCore

/// Requests and tokens per key (tenant or session) in bounded memory: how many distinct keys
/// (a `DistinctSample` of their hashes) and the heaviest ones by requests and by tokens (two
/// `HeavyHitters`). Exact while the log has at most `topCapacity` distinct keys.
public struct KeyUsageSummary: Sendable {
  /// One of the top keys.
  public struct Row: Sendable, Equatable {
    public var key: String
    public var usage: LogStatistics.Usage
    /// How much the ranked figure (requests or tokens, as asked) may exceed the truth; when not
    /// 0 the other figure counts only since the key was last admitted (a lower bound).
    public var overcount: Int
  }

  /// Most keys ranked exactly (and kept for the rankings).
  public static let topCapacity = 1 << 14
  /// Most key hashes kept for the distinct count (exact up to this many).
  public static let distinctCapacity = 1 << 16

  private var keys = DistinctSample(capacity: distinctCapacity)
  private var byRequests = HeavyHitters(capacity: topCapacity)
  private var byTokens = HeavyHitters(capacity: topCapacity)

  init() {}

  mutating func add(_ key: String, tokens: Int) {
    _ = keys.insert(StableHash.hash(key))
    byRequests.add(key, weight: 1, other: tokens)
    byTokens.add(key, weight: tokens, other: 1)
  }

  /// Distinct keys (an estimate when `countError` is not 0).
  public var count: Int { keys.distinct }

  /// Three relative standard errors of `count`; 0 when exact.
  public var countError: Double { keys.distinctError }

  /// Whether the rankings are exact (no key was ever dropped).
  public var rankingsAreExact: Bool { !byRequests.replaced && !byTokens.replaced }

  /// Whether no key was seen.
  public var isEmpty: Bool { byRequests.counters.isEmpty }

  /// The top `limit` keys by requests or tokens, ties by key.
  public func top(byTokens ranking: Bool, limit: Int = 10) -> [Row] {
    let summary = ranking ? byTokens : byRequests
    return summary.counters.sorted { a, b in a.total != b.total ? a.total > b.total : a.key < b.key }
      .prefix(limit).map { counter in
        let usage =
          ranking
          ? LogStatistics.Usage(requests: counter.other, tokens: counter.total)
          : LogStatistics.Usage(requests: counter.total, tokens: counter.other)
        return Row(key: counter.key, usage: usage, overcount: counter.overcount)
      }
  }

  /// Table sizes, which stay fixed or capped whatever the log (tests of the memory bound).
  var footprint: (distinctSlots: Int, requestKeys: Int, tokenKeys: Int) {
    (keys.tableSize, byRequests.counters.count, byTokens.counters.count)
  }
}
