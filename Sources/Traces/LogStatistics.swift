import Workload

/// What `inspect` reports about a log, accumulated one record at a time in bounded memory.
///
/// Counts, sums, maxima, rates and token percentiles are exact (percentiles below 2^22 tokens;
/// larger values count in the top bucket). Tenants, sessions and prefix reuse are exact for
/// small logs and estimated by fixed-size sketches past their capacities, each with its error:
/// `KeyUsageSummary` for the keys, `DistinctSample` for the blocks. Peak rates count arrivals per
/// second and per minute in file order. A row is out of order when it arrives before the latest
/// arrival seen so far.
public struct LogStatistics: Sendable {
  /// Requests and tokens of one tenant or session.
  public struct Usage: Sendable, Equatable {
    /// Requests seen.
    public var requests = 0
    /// Input plus output tokens of those requests.
    public var tokens = 0
  }

  /// Most distinct prefix-block ids (and, separately, prompt prefixes) kept for the reuse rates:
  /// exact up to this many, sampled past it.
  public static let blockCapacity = 1 << 18
  static let histogramLimit = 1 << 22

  /// Records added.
  public private(set) var rows = 0
  /// Bad lines skipped by the reader (set by the caller).
  public var badRows = 0
  /// Records arriving before the latest arrival seen so far.
  public private(set) var outOfOrder = 0
  /// The first record's arrival (file order), in nanoseconds.
  public private(set) var firstArrival: Int64?
  /// The earliest arrival (reported as `first_ts`).
  public private(set) var minArrival = Int64.max
  /// The latest arrival (reported as `last_ts`).
  public private(set) var maxArrival = Int64.min
  /// Sum of input tokens.
  public private(set) var inputTokensSum = 0
  /// Sum of output tokens.
  public private(set) var outputTokensSum = 0
  /// Largest input.
  public private(set) var inputTokensMax = 0
  /// Largest output.
  public private(set) var outputTokensMax = 0
  private var inputCounts: [UInt32] = []
  private var outputCounts: [UInt32] = []
  private var secondBucket = Int64.min
  private var secondCount = 0
  private var minuteBucket = Int64.min
  private var minuteCount = 0
  /// Most arrivals in one second of the log's clock.
  public private(set) var peakPerSecond = 0
  /// Most arrivals in one minute of the log's clock.
  public private(set) var peakPerMinute = 0
  /// Requests and tokens per tenant.
  public private(set) var tenants = KeyUsageSummary()
  /// Requests and tokens per session.
  public private(set) var sessions = KeyUsageSummary()
  /// Distinct block ids, with the tokens of each one's first occurrence.
  private var blockIDs: DistinctSample
  /// Distinct prompt prefixes (one hash per block position), likewise.
  private var prefixes: DistinctSample
  /// Prefix blocks of all prompts.
  public private(set) var promptBlocks = 0
  /// Tokens covered by prefix blocks.
  public private(set) var blockTokens = 0

  /// Whether the reuse figures are exact (fewer than `blockCapacity` distinct ids and prefixes).
  public var reuseIsExact: Bool { blockIDs.isExact && prefixes.isExact }

  /// Blocks whose id appeared in an earlier prompt: every occurrence but each id's first.
  public var reusedBlocks: Int { max(0, promptBlocks - blockIDs.distinct) }
  /// Tokens covered by reused blocks.
  public var reusedBlockTokens: Int { max(0, blockTokens - blockIDs.firstWeight) }
  /// Tokens covered by blocks whose whole prefix up to and including them appeared in an
  /// earlier prompt: what an infinite prefix cache (longest leading match) would hit. Prompt
  /// prefixes are closed under truncation (a prompt seen with a prefix was seen with every
  /// shorter one), so these are all occurrences of each prefix but its first.
  public var leadingReusedBlockTokens: Int { max(0, blockTokens - prefixes.firstWeight) }

  /// Three standard errors of each reuse rate, in the rate's units; 0 when exact. A rate is
  /// `1 - first/total` with `first` estimated within a relative error, so its absolute error is
  /// that relative error times the miss share.
  public var reuseErrors: (block: Double, token: Double, leadingToken: Double) {
    (
      blockIDs.distinctError * (1 - blockHitRate), blockIDs.firstWeightError * (1 - tokenHitRate),
      prefixes.firstWeightError * (1 - leadingTokenHitRate)
    )
  }

  /// Empty statistics.
  public init() { self.init(blockCapacity: LogStatistics.blockCapacity) }

  /// Empty statistics sampling past `blockCapacity` distinct ids and prefixes (tests).
  init(blockCapacity: Int) {
    blockIDs = DistinctSample(capacity: blockCapacity)
    prefixes = DistinctSample(capacity: blockCapacity)
  }

  /// Table sizes of the block samples: at most twice `blockCapacity` whatever the log (tests).
  var blockFootprint: (ids: Int, prefixes: Int) { (blockIDs.tableSize, prefixes.tableSize) }

  /// Adds one record.
  public mutating func add(_ record: TraceRecord) {
    rows += 1
    let arrival = record.arrivalNanos
    if firstArrival == nil { firstArrival = arrival }
    if rows > 1 && arrival < maxArrival { outOfOrder += 1 }
    minArrival = min(minArrival, arrival)
    maxArrival = max(maxArrival, arrival)
    inputTokensSum &+= record.inputTokens
    outputTokensSum &+= record.outputTokens
    inputTokensMax = max(inputTokensMax, record.inputTokens)
    outputTokensMax = max(outputTokensMax, record.outputTokens)
    LogStatistics.count(record.inputTokens, in: &inputCounts)
    LogStatistics.count(record.outputTokens, in: &outputCounts)
    countRate(arrival)
    let tokens = record.inputTokens &+ record.outputTokens
    if let tenant = record.tenant { tenants.add(tenant, tokens: tokens) }
    if let session = record.session { sessions.add(session, tokens: tokens) }
    countBlocks(record)
  }

  private static func count(_ value: Int, in counts: inout [UInt32]) {
    let bucket = min(value, histogramLimit - 1)
    if bucket >= counts.count {
      counts.append(contentsOf: repeatElement(0, count: min(histogramLimit, max(bucket + 1, counts.count * 2)) - counts.count))
    }
    counts[bucket] &+= 1
  }

  private mutating func countRate(_ arrival: Int64) {
    let second = arrival >= 0 ? arrival / 1_000_000_000 : (arrival + 1) / 1_000_000_000 - 1
    if second == secondBucket {
      secondCount += 1
    } else {
      secondBucket = second
      secondCount = 1
    }
    peakPerSecond = max(peakPerSecond, secondCount)
    let minute = second >= 0 ? second / 60 : (second + 1) / 60 - 1
    if minute == minuteBucket {
      minuteCount += 1
    } else {
      minuteBucket = minute
      minuteCount = 1
    }
    peakPerMinute = max(peakPerMinute, minuteCount)
  }

  /// Infinite-cache reuse, two ways: a block hits when its id appeared in any earlier prompt,
  /// and (the leading rate) when the prompt's whole prefix up to it did. The two agree for
  /// chained block hashes (Mooncake, vLLM) and differ for ids of reusable chunks that recur in
  /// other positions (RAGPulse's passages). Token weighting gives the last block only the
  /// tokens left over when the prompt is not a multiple.
  private mutating func countBlocks(_ record: TraceRecord) {
    guard !record.prefixBlocks.isEmpty else { return }
    let size = record.blockSize ?? 0
    var remaining = record.inputTokens
    var prefix: UInt64 = 0x9E37_79B9_7F4A_7C15
    for id in record.prefixBlocks {
      let weight = size > 0 ? max(0, min(size, remaining)) : 0
      remaining -= weight
      promptBlocks += 1
      blockTokens += weight
      prefix = LogStatistics.extend(prefix, with: id)
      _ = prefixes.insert(prefix, weight: weight)
      _ = blockIDs.insert(DistinctSample.mix(id), weight: weight)
    }
  }

  /// The hash of a prefix extended by one block (a SplitMix64 finaliser over the pair).
  @inline(__always) static func extend(_ prefix: UInt64, with block: UInt64) -> UInt64 {
    var z = prefix &* 0xBF58_476D_1CE4_E5B9 ^ block &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The smallest value with at least `fraction` of rows at or below it (nearest rank).
  public func percentile(_ fraction: Double, output: Bool) -> Int {
    let counts = output ? outputCounts : inputCounts
    guard rows > 0 else { return 0 }
    let rank = max(1, Int((fraction * Double(rows)).rounded(.up)))
    var seen = 0
    for (value, count) in counts.enumerated() {
      seen += Int(count)
      if seen >= rank { return value }
    }
    return counts.count - 1
  }
}
