import Histogram

/// Records latencies into an HDR histogram and answers percentiles, in constant memory.
///
/// Values are kept in microseconds with three significant digits, which is finer than any
/// report shows and bounded at one day, so memory does not grow with the number of requests.
public struct LatencyRecorder: Sendable {
  private var histogram: Histogram<UInt64>
  private var sumMicros: Double = 0
  /// Largest recordable value; longer latencies are clamped and counted in `clamped`.
  public static let maxMicros: UInt64 = 86_400_000_000
  /// Values above `maxMicros` (should stay zero; reported so a clamp is never silent).
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
    if micros > Self.maxMicros {
      clamped += 1
      _ = histogram.record(Self.maxMicros)
      sumMicros += Double(Self.maxMicros)
    } else {
      _ = histogram.record(micros)
      sumMicros += Double(micros)
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

  /// Largest recorded value in milliseconds.
  public var maxMillis: Double {
    histogram.totalCount > 0 ? Double(histogram.max) / 1_000 : 0
  }

  /// The summary a report prints.
  public var summary: LatencySummary {
    LatencySummary(
      count: count, mean: meanMillis, p50: percentileMillis(50), p90: percentileMillis(90),
      p99: percentileMillis(99), max: maxMillis)
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

  public init(count: Int, mean: Double, p50: Double, p90: Double, p99: Double, max: Double) {
    self.count = count
    self.mean = mean
    self.p50 = p50
    self.p90 = p90
    self.p99 = p99
    self.max = max
  }
}
