import Fleet
import Foundation
import Measurements

/// How `ProfileCalibrator` searches.
public struct CalibrationSettings: Sendable, Equatable {
  /// Share of the usable records, from the start of the log, the fit uses; the rest is held out.
  public var fitFraction = 0.7
  /// Pinned replays of the fitted part the search may run (each costs one pass over it).
  public var maxEvaluations = 400
  /// First multiplicative step of every coefficient: e^0.5 (x1.65).
  public var initialLogStep = 0.5
  /// The search stops once its step is below e^0.001 (0.1%).
  public var minimumLogStep = 0.001
  /// Usable records needed in the fitted part and in the held-out part.
  public var minimumRecords = 50
  /// Tokens per prefix block for records that do not say.
  public var defaultBlockSize = 16

  public init() {}
}

/// A fitted profile and how well it replays the log.
public struct CalibrationResult: Sendable {
  public var base: CostProfile
  public var fitted: CostProfile
  /// The coefficients the search moved (those not zero in the base), by JSON key.
  public var fittedKeys: [String]
  public var evaluations: Int
  /// Mean squared log error of TTFT plus that of TPOT on the fitted part: base, then fitted.
  public var baseLoss: Double
  public var fittedLoss: Double
  /// |replayed / observed - 1| percentiles on the fitted part, with the fitted profile.
  public var fitResiduals: ResidualSummary
  /// The same on the held-out part.
  public var heldOutResiduals: ResidualSummary
  /// Held-out TTFT and TPOT distributions: observed, replayed with the fitted profile, and
  /// replayed with the base.
  public var heldOut: HeldOutDistributions
  public var baseHeldOut: HeldOutDistributions
  public var fittedRecords: Int
  public var heldOutRecords: Int
}

/// Percentiles of per-request relative errors, `|replayed / observed - 1|`.
public struct ResidualSummary: Sendable, Equatable {
  public var ttft: [Double]
  public var tpot: [Double]
  /// The percentiles reported: 50, 90 and 99.
  public static let percentiles = [50.0, 90.0, 99.0]
}

/// Observed and replayed latency distributions of the held-out requests.
public struct HeldOutDistributions: Sendable {
  public var observedTTFT = LatencyRecorder()
  public var replayedTTFT = LatencyRecorder()
  public var observedTPOT = LatencyRecorder()
  public var replayedTPOT = LatencyRecorder()
}

/// Fits a cost profile's coefficients to a log's observed timings.
///
/// Method (bounded and deterministic): each request is replayed on the pod the log says it ran
/// on (`PinnedReplay`), and the loss is the mean squared `ln(replayed / observed)` of TTFT plus
/// that of TPOT over the first `fitFraction` of the usable records. Coordinate descent on the
/// logarithms of the coefficients that are not zero in the base profile: each sweep tries every
/// coefficient times e^+step and e^-step and keeps the better if it lowers the loss; a sweep
/// that improves nothing halves the step. It stops when the step falls below `minimumLogStep`
/// or after `maxEvaluations` replays. Coefficients that are zero in the base stay zero (give one
/// a small value to fit it); candidates the profile checks reject count as no improvement.
public enum ProfileCalibrator {
  /// The coefficients the search can move: JSON key and key path.
  static var coefficients: [(String, WritableKeyPath<CostProfile, Double> & Sendable)] {
    [
    ("fixedMillis", \.fixedMillis), ("prefillTokenMillis", \.prefillTokenMillis),
    ("prefillAttentionMillis", \.prefillAttentionMillis), ("prefillContextMillis", \.prefillContextMillis),
    ("decodeFixedMillis", \.decodeFixedMillis), ("decodeRequestMillis", \.decodeRequestMillis),
    ("decodeContextMillis", \.decodeContextMillis),
    ]
  }

  /// Calibrates `base` from the records `makeSource` yields (called once per replay; each call
  /// must give the same records). `input` is the log's census (`CalibrationInput`); `progress`
  /// gets the evaluations so far and the best loss.
  public static func calibrate<Source: RecordSource>(
    base: CostProfile, input: CalibrationInput, settings: CalibrationSettings = CalibrationSettings(),
    makeSource: () throws -> Source, progress: (Int, Double) -> Void = { _, _ in }
  ) throws -> CalibrationResult {
    if let shortfall = input.shortfall(fitFraction: settings.fitFraction, minimum: settings.minimumRecords) {
      throw CalibrationError(shortfall)
    }
    let fittedCount = Int(Double(input.usable) * settings.fitFraction)
    func loss(_ profile: CostProfile) throws -> Double {
      guard profile.firstInvalidField() == nil else { return .infinity }
      var source = try makeSource()
      var ttft = (sum: 0.0, count: 0)
      var tpot = (sum: 0.0, count: 0)
      try PinnedReplay.run(profile: profile, source: &source, limit: fittedCount, defaultBlockSize: settings.defaultBlockSize) { outcome in
        let e = log(outcome.replayed.ttft.milliseconds / outcome.observedTTFT)
        ttft = (ttft.sum + e * e, ttft.count + 1)
        if let observed = outcome.observedTPOT, let replayed = outcome.replayed.tpot?.milliseconds, replayed > 0 {
          let t = log(replayed / observed)
          tpot = (tpot.sum + t * t, tpot.count + 1)
        }
      }
      return ttft.sum / Double(max(1, ttft.count)) + tpot.sum / Double(max(1, tpot.count))
    }
    let free = coefficients.filter { base[keyPath: $0.1] > 0 }
    var best = base
    var bestLoss = try loss(base)
    let baseLoss = bestLoss
    var evaluations = 1
    var step = settings.initialLogStep
    progress(evaluations, bestLoss)
    search: while step >= settings.minimumLogStep {
      var improved = false
      for (_, path) in free {
        var bestMove: (CostProfile, Double)?
        for direction in [1.0, -1.0] {
          guard evaluations < settings.maxEvaluations else { break search }
          var candidate = best
          candidate[keyPath: path] = best[keyPath: path] * exp(direction * step)
          let candidateLoss = try loss(candidate)
          evaluations += 1
          if candidateLoss < (bestMove?.1 ?? bestLoss) { bestMove = (candidate, candidateLoss) }
        }
        if let (profile, value) = bestMove {
          best = profile
          bestLoss = value
          improved = true
        }
        progress(evaluations, bestLoss)
      }
      if !improved { step /= 2 }
    }
    let fittedCheck = try check(best, fittedCount: fittedCount, settings: settings, makeSource: makeSource)
    let baseCheck = try check(base, fittedCount: fittedCount, settings: settings, makeSource: makeSource)
    return CalibrationResult(
      base: base, fitted: best, fittedKeys: free.map(\.0), evaluations: evaluations, baseLoss: baseLoss,
      fittedLoss: bestLoss, fitResiduals: fittedCheck.fit, heldOutResiduals: fittedCheck.heldOutResiduals,
      heldOut: fittedCheck.heldOut, baseHeldOut: baseCheck.heldOut, fittedRecords: fittedCount,
      heldOutRecords: input.usable - fittedCount)
  }

  /// Replays the whole log with `profile`: residuals on both parts, held-out distributions.
  static func check<Source: RecordSource>(
    _ profile: CostProfile, fittedCount: Int, settings: CalibrationSettings, makeSource: () throws -> Source
  ) throws -> (fit: ResidualSummary, heldOutResiduals: ResidualSummary, heldOut: HeldOutDistributions) {
    var source = try makeSource()
    var fitTTFT = ResidualHistogram()
    var fitTPOT = ResidualHistogram()
    var heldTTFT = ResidualHistogram()
    var heldTPOT = ResidualHistogram()
    var heldOut = HeldOutDistributions()
    try PinnedReplay.run(profile: profile, source: &source, defaultBlockSize: settings.defaultBlockSize) { outcome in
      let replayedTTFT = outcome.replayed.ttft.milliseconds
      let replayedTPOT = outcome.replayed.tpot?.milliseconds
      let isFitted = outcome.sequence < fittedCount
      if isFitted { fitTTFT.add(replayedTTFT / outcome.observedTTFT - 1) } else { heldTTFT.add(replayedTTFT / outcome.observedTTFT - 1) }
      if let observed = outcome.observedTPOT, let replayed = replayedTPOT {
        if isFitted { fitTPOT.add(replayed / observed - 1) } else { heldTPOT.add(replayed / observed - 1) }
      }
      guard !isFitted else { return }
      heldOut.observedTTFT.record(nanoseconds: Int64((outcome.observedTTFT * 1e6).rounded()))
      heldOut.replayedTTFT.record(nanoseconds: outcome.replayed.ttft.nanoseconds)
      if let observed = outcome.observedTPOT, let replayed = outcome.replayed.tpot {
        heldOut.observedTPOT.record(nanoseconds: Int64((observed * 1e6).rounded()))
        heldOut.replayedTPOT.record(nanoseconds: replayed.nanoseconds)
      }
    }
    func summary(_ ttft: ResidualHistogram, _ tpot: ResidualHistogram) -> ResidualSummary {
      ResidualSummary(
        ttft: ResidualSummary.percentiles.map { ttft.percentile($0) }, tpot: ResidualSummary.percentiles.map { tpot.percentile($0) })
    }
    return (summary(fitTTFT, fitTPOT), summary(heldTTFT, heldTPOT), heldOut)
  }
}

/// Why a calibration could not run.
public struct CalibrationError: Error, CustomStringConvertible, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Absolute relative errors in 0.1% bins up to 1000% (larger ones in the last bin), in
/// constant memory.
struct ResidualHistogram {
  private var bins = [Int](repeating: 0, count: 10_001)
  private var count = 0

  mutating func add(_ relativeError: Double) {
    let magnitude = abs(relativeError)
    let bin = magnitude.isFinite ? min(bins.count - 1, Int((magnitude * 1000).rounded(.down))) : bins.count - 1
    bins[bin] += 1
    count += 1
  }

  /// The upper edge of the bin holding the `percentile`th error (nearest rank); 0 when empty.
  func percentile(_ percentile: Double) -> Double {
    guard count > 0 else { return 0 }
    let rank = max(1, Int((percentile / 100 * Double(count)).rounded(.up)))
    var seen = 0
    for (bin, n) in bins.enumerated() {
      seen += n
      if seen >= rank { return Double(bin + 1) / 1000 }
    }
    return Double(bins.count) / 1000
  }
}
