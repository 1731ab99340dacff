/// How the arrival rate moves around its mean: a sinusoidal daily curve and random bursts.
///
/// The instantaneous rate is `base × (1 + a·cos(2π(t − peakOffset)/period)) × burst(t)` with
/// `a = (peakToTrough − 1)/(peakToTrough + 1)`, so the curve's peak over its trough is
/// `peakToTrough` and its mean over a whole period is 1. `burst(t)` is `multiplier` inside a burst
/// and 1 outside; bursts cover a fraction `f = duration/(meanGap + duration)` of the time, so
/// `base = mean / (1 + f·(multiplier − 1))` keeps the long-run mean at the target. Arrivals are a
/// Poisson process with this rate held constant over short steps (1 s, or 1/100 of the period if
/// shorter).
public struct RateCurve: Sendable, Equatable {
  /// Peak rate over trough rate of the daily curve (1 gives a flat curve).
  public var peakToTrough: Double
  /// Length of one cycle in seconds (a day by default).
  public var periodSeconds: Double
  /// Seconds from the log's origin to the first peak. The default, a quarter of a day, starts the
  /// log at the mean rate, rising.
  public var peakOffsetSeconds: Double
  /// Occasional short rate multipliers; nil for none.
  public var bursts: BurstModel?

  /// A rate curve with the documented defaults.
  public init(
    peakToTrough: Double = 3, periodSeconds: Double = 86_400, peakOffsetSeconds: Double = 21_600,
    bursts: BurstModel? = BurstModel()
  ) {
    self.peakToTrough = peakToTrough
    self.periodSeconds = periodSeconds
    self.peakOffsetSeconds = peakOffsetSeconds
    self.bursts = bursts
  }

  /// A constant rate: no daily swing and no bursts.
  public static let flat = RateCurve(peakToTrough: 1, bursts: nil)

  /// The daily curve's amplitude `a`, so that `(1 + a)/(1 − a) = peakToTrough`.
  public var amplitude: Double { (peakToTrough - 1) / (peakToTrough + 1) }
}

/// Bursts: after a quiet gap (exponential, `meanGapSeconds`), the rate is multiplied by
/// `multiplier` for `durationSeconds` (both rounded to whole rate steps).
public struct BurstModel: Sendable, Equatable {
  /// Mean quiet time between bursts, in seconds.
  public var meanGapSeconds: Double
  /// Length of one burst, in seconds.
  public var durationSeconds: Double
  /// Rate multiplier inside a burst.
  public var multiplier: Double

  /// A burst model with the documented defaults (30 s at 2.5× about every 15 min).
  public init(meanGapSeconds: Double = 900, durationSeconds: Double = 30, multiplier: Double = 2.5) {
    self.meanGapSeconds = meanGapSeconds
    self.durationSeconds = durationSeconds
    self.multiplier = multiplier
  }

  /// Long-run mean of the burst factor, `1 + f·(multiplier − 1)` with `f = d/(gap + d)`.
  public var meanFactor: Double {
    let fraction = durationSeconds / (meanGapSeconds + durationSeconds)
    return 1 + fraction * (multiplier - 1)
  }
}
