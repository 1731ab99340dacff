import Foundation
import SimCore

/// Arrival times of a Poisson process whose rate follows a `RateCurve`.
///
/// The rate is held constant over steps of `stepNanos`; within a step the gaps are exponential and
/// a gap that crosses a step boundary carries its unspent exponential mass into the next step
/// (exact for a piecewise-constant rate, by memorylessness). One logarithm per arrival.
struct ArrivalClock: Sendable {
  private let baseRate: Double
  private let amplitude: Double
  private let angularPerNano: Double
  private let peakOffsetNanos: Double
  private let bursts: BurstModel?
  private let stepNanos: Int64
  private let burstSteps: Int
  private let meanGapSteps: Double

  private var arrivals: RandomStream
  private var burstRandom: RandomStream
  /// Time of the last arrival, nanoseconds from the origin.
  private(set) var now: Int64 = 0
  private var stepEnd: Int64 = 0
  private var rate = 0.0
  private var quietStepsLeft = 0
  private var burstStepsLeft = 0
  private var started = false

  /// A clock for `meanRate` requests per second shaped by `curve`.
  init(meanRate: Double, curve: RateCurve, seed: UInt64) {
    let burstFactor = curve.bursts?.meanFactor ?? 1
    baseRate = meanRate / burstFactor
    amplitude = curve.amplitude
    angularPerNano = 2 * Double.pi / (curve.periodSeconds * 1e9)
    peakOffsetNanos = curve.peakOffsetSeconds * 1e9
    bursts = curve.bursts
    stepNanos = max(1_000, min(1_000_000_000, Int64(curve.periodSeconds * 1e7)))
    let stepSeconds = Double(stepNanos) / 1e9
    burstSteps = Int(((curve.bursts?.durationSeconds ?? 0) / stepSeconds).rounded())
    meanGapSteps = (curve.bursts?.meanGapSeconds ?? 0) / stepSeconds
    arrivals = RandomStream(seed: seed, stream: "synth.arrivals")
    burstRandom = RandomStream(seed: seed, stream: "synth.bursts")
    quietStepsLeft = drawQuietSteps()
    enterStep(startingAt: 0)
  }

  /// The rate multiplier of the daily curve at `nanos` (mean 1 over a period).
  func dailyFactor(at nanos: Double) -> Double {
    1 + amplitude * cos(angularPerNano * (nanos - peakOffsetNanos))
  }

  /// Advances to the next arrival and returns its time in nanoseconds from the origin; the first
  /// arrival is at the origin itself, as in published logs.
  mutating func nextArrival() -> Int64 {
    if !started {
      started = true
      return 0
    }
    var mass = arrivals.nextExponential()
    while true {
      let available = rate * Double(stepEnd - now) * 1e-9
      if mass <= available {
        let advance = Int64(mass / rate * 1e9)
        now = min(stepEnd, now + advance)
        return now
      }
      mass -= available
      enterStep(startingAt: stepEnd)
    }
  }

  private mutating func enterStep(startingAt start: Int64) {
    now = start
    stepEnd = start + stepNanos
    var factor = dailyFactor(at: Double(start) + Double(stepNanos) / 2)
    if let bursts {
      if burstStepsLeft > 0 {
        burstStepsLeft -= 1
        factor *= bursts.multiplier
        if burstStepsLeft == 0 { quietStepsLeft = drawQuietSteps() }
      } else if quietStepsLeft > 0 {
        quietStepsLeft -= 1
      } else if burstSteps > 0 {
        burstStepsLeft = burstSteps - 1
        factor *= bursts.multiplier
        if burstStepsLeft == 0 { quietStepsLeft = drawQuietSteps() }
      }
    }
    rate = baseRate * factor
  }

  private mutating func drawQuietSteps() -> Int {
    guard bursts != nil else { return 0 }
    return Int(min(1e12, (meanGapSteps * burstRandom.nextExponential()).rounded()))
  }
}
