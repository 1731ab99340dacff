import Histogram

/// Records latencies into an HDR histogram and answers percentiles, in constant memory.
///
/// Values are kept in microseconds with three significant digits, which is finer than any
/// report shows and bounded at one day, so memory does not grow with the number of requests.
/// A latency beyond the histogram's day is counted in `clamped` and enters the percentiles as
/// one day, but the mean and the maximum use its true value: a backlog of days shows in them.
public struct LatencyRecorder: Sendable {
  private var histogram: Histogram<UInt64>
  /// Sum of the true values (not the clamped ones), so the mean is exact.
  private var sumMicros: Double = 0
  /// The largest true value recorded.
  private var trueMaxMicros: UInt64 = 0
  /// Largest value the histogram holds; longer latencies enter it as this and count in `clamped`.
  public static let maxMicros: UInt64 = 86_400_000_000
  /// Values above `maxMicros`: the report says how many, so a clamp is never silent.
  public private(set) var clamped = 0

  public init() {
    histogram = Histogram(highestTrackableValue: Self.maxMicros, numberOfSignificantValueDigits: .three)
  }

  /// The values `compact` holds, with its exact extremes and sum: percentiles, mean and max
  /// match a recorder that saw the same values while `compact.isExact`.
  init(exactly compact: CompactLatencyRecorder) {
    self.init()
    add(compact)
  }

  /// Adds every value `compact` holds (at its resolution) without a histogram per tenant.
  public mutating func add(_ compact: CompactLatencyRecorder) {
    let contents = compact.contents
    if let dense = contents.dense { return merge(dense) }
    // Each bucket is recorded at a value inside it; the buckets of the extremes at the extremes,
    // so that the histogram's own min and max are the recorded ones.
    let lowGroup = contents.minNonZero == .max ? -1 : HDRLayout.index(of: contents.minNonZero) >> contents.shift
    let highGroup = HDRLayout.index(of: contents.max) >> contents.shift
    for (group, n) in contents.buckets {
      if group == highGroup && group == lowGroup && n > 1 {
        _ = histogram.record(contents.minNonZero, count: UInt64(n - 1))
        _ = histogram.record(contents.max, count: 1)
      } else if group == highGroup {
        _ = histogram.record(contents.max, count: UInt64(n))
      } else if group == lowGroup {
        _ = histogram.record(contents.minNonZero, count: UInt64(n))
      } else {
        _ = histogram.record(HDRLayout.lowestValue(ofIndex: group << contents.shift), count: UInt64(n))
      }
    }
    sumMicros += contents.sumMicros
    clamped += contents.clamped
  }

  /// Number of recorded values.
  public var count: Int { Int(histogram.totalCount) }

  /// Records one latency given in nanoseconds (negative values are recorded as zero).
  public mutating func record(nanoseconds: Int64) {
    let micros = UInt64(max(0, nanoseconds) / 1_000)
    sumMicros += Double(micros)
    trueMaxMicros = max(trueMaxMicros, micros)
    if micros > Self.maxMicros {
      clamped += 1
      _ = histogram.record(Self.maxMicros)
    } else {
      _ = histogram.record(micros)
    }
  }

  /// The value at `percentile` (0...100), in milliseconds; 0 when empty.
  public func percentileMillis(_ percentile: Double) -> Double {
    guard histogram.totalCount > 0 else { return 0 }
    return Double(histogram.valueAtPercentile(percentile)) / 1_000
  }

  /// Mean in milliseconds; 0 when empty.
  public var meanMillis: Double {
    histogram.totalCount > 0 ? sumMicros / Double(histogram.totalCount) / 1_000 : 0
  }

  /// Largest recorded value in milliseconds (its true value, even beyond the histogram's range).
  public var maxMillis: Double {
    histogram.totalCount > 0 ? Double(max(histogram.max, trueMaxMicros)) / 1_000 : 0
  }

  /// The value at `percentile` of a population of `population` values, of which this recorder
  /// holds the smallest (the others are worse than anything recorded, e.g. rejected requests
  /// that never got a first token): +infinity when the rank falls among the others.
  public func percentileMillis(_ percentile: Double, population: Int) -> Double {
    let total = Int(histogram.totalCount)
    guard population > total else { return percentileMillis(percentile) }
    guard total > 0 else { return .infinity }
    let rank = (percentile / 100 * Double(population)).rounded(.up)
    guard rank <= Double(total) else { return .infinity }
    return percentileMillis(min(100, 100 * rank / Double(total)))
  }

  /// The summary a report prints.
  public var summary: LatencySummary {
    LatencySummary(
      count: count, mean: meanMillis, p50: percentileMillis(50), p90: percentileMillis(90),
      p99: percentileMillis(99), max: maxMillis, clamped: clamped)
  }

  /// Points of the cumulative distribution, `(milliseconds, fraction at or below)`, for CDF plots.
  public func cdf(points: Int = 100) -> [(millis: Double, fraction: Double)] {
    guard histogram.totalCount > 0, points > 1 else { return [] }
    return (0..<points).map { i in
      let p = 100.0 * Double(i) / Double(points - 1)
      return (Double(histogram.valueAtPercentile(p)) / 1_000, p / 100)
    }
  }

  /// Adds every value recorded in `other`.
  public mutating func merge(_ other: LatencyRecorder) {
    histogram.add(other.histogram)
    sumMicros += other.sumMicros
    trueMaxMicros = max(trueMaxMicros, other.trueMaxMicros)
    clamped += other.clamped
  }
}

/// Percentiles of one latency metric, in milliseconds.
public struct LatencySummary: Sendable, Equatable {
  public var count: Int
  public var mean: Double
  public var p50: Double
  public var p90: Double
  public var p99: Double
  public var max: Double
  /// Values beyond the histogram's day: percentiles that land among them read as one day.
  public var clamped: Int

  public init(count: Int, mean: Double, p50: Double, p90: Double, p99: Double, max: Double, clamped: Int = 0) {
    self.count = count
    self.clamped = clamped
    self.mean = mean
    self.p50 = p50
    self.p90 = p90
    self.p99 = p99
    self.max = max
  }
}
