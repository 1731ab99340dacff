import Fleet
import Foundation
import Measurements

/// How `ProfileCalibrator` searches.
public struct CalibrationSettings: Sendable, Equatable {
  /// Share of the usable records, from the start of the log, the fit uses; the rest is held out.
  public var fitFraction = 0.7
  /// Pinned replays of the fitted part the search may run (each costs one pass over it).
  public var maxEvaluations = 200
  /// The search stops once a step moves no coefficient by more than e^0.001 (0.1%).
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
/// on (`PinnedReplay`). A single request's TTFT is not a usable target: how long it waits for
/// the pass in flight depends on the phase of every earlier pass, which any change of a
/// coefficient reshuffles. So requests are grouped (`CalibrationGroups`: TTFT by prompt length
/// and TPOT by context length, each per eighth of the fitted part, so that load varies across
/// groups), and the loss is the request-weighted mean of `ln(sum replayed / sum observed)^2`
/// over the TTFT groups plus that over the TPOT groups, on the first `fitFraction` of the usable
/// records. Levenberg-Marquardt on the logarithms of the coefficients
/// that are not zero in the base profile: each iteration replays once per coefficient moved by
/// 2% for a forward-difference Jacobian, solves the damped normal equations (damping times the
/// diagonal, each step capped at a factor e), keeps the step if it lowers the loss (damping / 3)
/// or retries with more damping (x 4). It stops when a lightly damped step changes no
/// coefficient by more than 0.1%, when the damping exceeds 1e6, or after `maxEvaluations` replays. Coefficients that are
/// zero in the base stay zero (give one a small value to fit it); candidates the profile checks
/// reject count as worse. Memory is a few hundred groups, whatever the log's length.
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

  /// The key path of the coefficient with JSON key `name`.
  public static func keyPath(named name: String) -> (WritableKeyPath<CostProfile, Double> & Sendable)? {
    coefficients.first { $0.0 == name }?.1
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
    var evaluations = 0
    let windows = CalibrationGroups.windows
    /// Weighted group residuals of the fitted part (see `CalibrationGroups`).
    func residuals(_ profile: CostProfile) throws -> [Double]? {
      guard profile.firstInvalidField() == nil else { return nil }
      evaluations += 1
      var source = try makeSource()
      var groups = CalibrationGroups()
      try PinnedReplay.run(profile: profile, source: &source, limit: fittedCount, defaultBlockSize: settings.defaultBlockSize) { outcome in
        groups.add(outcome, window: outcome.sequence * windows / max(1, fittedCount))
      }
      return groups.residuals()
    }
    func loss(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
    let free = coefficients.filter { base[keyPath: $0.1] > 0 }.map(\.1)
    var best = base
    guard var bestResiduals = try residuals(base) else { throw CalibrationError("the base profile is invalid") }
    let baseLoss = loss(bestResiduals)
    var bestLoss = baseLoss
    var damping = 1e-3
    progress(evaluations, bestLoss)
    let difference = 0.1
    search: while evaluations + free.count + 1 <= settings.maxEvaluations && damping < 1e6 {
      // Forward-difference Jacobian of the residuals in log-coefficient space.
      var columns: [[Double]] = []
      for path in free {
        var moved = best
        moved[keyPath: path] *= exp(difference)
        guard let r = try residuals(moved) else { break search }
        columns.append(zip(r, bestResiduals).map { ($0 - $1) / difference })
      }
      let k = free.count
      var normal = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
      var gradient = [Double](repeating: 0, count: k)
      for i in 0..<k {
        for j in i..<k {
          let value = zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 }
          normal[i][j] = value
          normal[j][i] = value
        }
        gradient[i] = -zip(columns[i], bestResiduals).reduce(0) { $0 + $1.0 * $1.1 }
      }
      // Damped steps until one lowers the loss.
      while evaluations < settings.maxEvaluations && damping < 1e6 {
        var damped = normal
        for i in 0..<k { damped[i][i] += damping * max(normal[i][i], 1e-12) }
        guard let step = solve(damped, gradient) else {
          damping *= 4
          continue
        }
        let capped = step.map { max(-1, min(1, $0)) }
        var candidate = best
        for (path, delta) in zip(free, capped) { candidate[keyPath: path] *= exp(delta) }
        if let r = try residuals(candidate), loss(r) < bestLoss {
          best = candidate
          bestResiduals = r
          bestLoss = loss(r)
          damping = max(1e-6, damping / 3)
          progress(evaluations, bestLoss)
          // A tiny step under heavy damping is slow progress, not convergence.
          if damping < 1 && capped.allSatisfy({ abs($0) < settings.minimumLogStep }) { break search }
          continue search
        }
        damping *= 4
        progress(evaluations, bestLoss)
      }
      break
    }
    let fittedCheck = try check(best, fittedCount: fittedCount, settings: settings, makeSource: makeSource)
    let baseCheck = try check(base, fittedCount: fittedCount, settings: settings, makeSource: makeSource)
    return CalibrationResult(
      base: base, fitted: best, fittedKeys: coefficients.filter { base[keyPath: $0.1] > 0 }.map(\.0),
      evaluations: evaluations, baseLoss: baseLoss,
      fittedLoss: bestLoss, fitResiduals: fittedCheck.fit, heldOutResiduals: fittedCheck.heldOutResiduals,
      heldOut: fittedCheck.heldOut, baseHeldOut: baseCheck.heldOut, fittedRecords: fittedCount,
      heldOutRecords: input.usable - fittedCount)
  }

  /// Solves `a x = b` by Gaussian elimination with partial pivoting; nil when singular.
  static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    var m = a
    var v = b
    let n = v.count
    for column in 0..<n {
      guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }), abs(m[pivot][column]) > 1e-300
      else { return nil }
      m.swapAt(column, pivot)
      v.swapAt(column, pivot)
      for row in (column + 1)..<n {
        let factor = m[row][column] / m[column][column]
        for j in column..<n { m[row][j] -= factor * m[column][j] }
        v[row] -= factor * v[column]
      }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
      var sum = v[row]
      for j in (row + 1)..<n { sum -= m[row][j] * x[j] }
      x[row] = sum / m[row][row]
    }
    return x.allSatisfy(\.isFinite) ? x : nil
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

/// Sums of replayed and observed TTFT and TPOT per group of similar requests.
struct CalibrationGroups {
  /// Consecutive parts of the fitted records (load differs between them).
  static let windows = 8
  /// Size classes: floor(log2(tokens)), 0...39.
  static let classes = 40
  private var ttft = [(replayed: Double, observed: Double, count: Int)](repeating: (0, 0, 0), count: windows * classes)
  private var tpot = [(replayed: Double, observed: Double, count: Int)](repeating: (0, 0, 0), count: windows * classes)

  static func sizeClass(_ tokens: Int) -> Int { min(classes - 1, Int.bitWidth - 1 - max(1, tokens).leadingZeroBitCount) }

  mutating func add(_ outcome: PinnedOutcome, window: Int) {
    let w = min(Self.windows - 1, max(0, window)) * Self.classes
    let r = outcome.replayed
    let prompt = Self.sizeClass(outcome.promptTokens)
    ttft[w + prompt].replayed += r.ttft.milliseconds
    ttft[w + prompt].observed += outcome.observedTTFT
    ttft[w + prompt].count += 1
    if let observed = outcome.observedTPOT, let replayed = r.tpot?.milliseconds {
      let context = Self.sizeClass(outcome.promptTokens + r.outputTokens / 2)
      tpot[w + context].replayed += replayed
      tpot[w + context].observed += observed
      tpot[w + context].count += 1
    }
  }

  /// `sqrt(count / total) * ln(replayed / observed)` per group, TTFT groups then TPOT groups
  /// (0 for empty groups, so the vector's length never changes).
  func residuals() -> [Double] {
    func weighted(_ groups: [(replayed: Double, observed: Double, count: Int)]) -> [Double] {
      let total = Double(max(1, groups.reduce(0) { $0 + $1.count }))
      return groups.map { g in
        guard g.count > 0, g.replayed > 0, g.observed > 0 else { return 0 }
        return (Double(g.count) / total).squareRoot() * Foundation.log(g.replayed / g.observed)
      }
    }
    return weighted(ttft) + weighted(tpot)
  }
}
