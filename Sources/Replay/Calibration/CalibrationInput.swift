import Workload

/// What a log must carry for `muroute calibrate`, and how many of its records do.
public struct CalibrationInput: Sendable, Equatable {
  public var records = 0
  /// Records with `pod`, `ttft_ms` and `e2e_ms` (the ones a calibration uses).
  public var usable = 0
  /// Usable records with two output tokens or more (they give a time per output token).
  public var withTPOT = 0
  public var missingPod = 0
  public var missingTTFT = 0
  public var missingE2E = 0
  /// Records whose observed timings are not positive, or whose end comes before the first token.
  public var inconsistent = 0

  public init() {}

  /// The observations a calibration uses from `record`: its pod, TTFT and TPOT (ms); nil when
  /// any is missing or inconsistent.
  public static func usable(_ record: TraceRecord) -> (pod: String, ttft: Double, tpot: Double?)? {
    guard let observed = record.observed, let pod = observed.pod, let ttft = observed.ttftMillis,
      let e2e = observed.e2eMillis, ttft > 0, ttft.isFinite, e2e.isFinite, e2e >= ttft
    else { return nil }
    let tpot = TimePerOutputToken.milliseconds(ttft: ttft, e2e: e2e, outputTokens: record.outputTokens)
    return (pod, ttft, tpot.flatMap { $0 > 0 ? $0 : nil })
  }

  /// Counts `record`.
  public mutating func add(_ record: TraceRecord) {
    records += 1
    let observed = record.observed
    if observed?.pod == nil { missingPod += 1 }
    if observed?.ttftMillis == nil { missingTTFT += 1 }
    if observed?.e2eMillis == nil { missingE2E += 1 }
    if let usable = Self.usable(record) {
      self.usable += 1
      if usable.tpot != nil { withTPOT += 1 }
    } else if observed?.pod != nil && observed?.ttftMillis != nil && observed?.e2eMillis != nil {
      inconsistent += 1
    }
  }

  /// Why the log cannot be calibrated from, naming what is missing; nil when it can.
  /// `minimum` usable records are needed in the fitted part and in the held-out part each.
  public func shortfall(fitFraction: Double, minimum: Int) -> String? {
    let fitted = Int(Double(usable) * fitFraction)
    let heldOut = usable - fitted
    let fittedTPOT = Int(Double(withTPOT) * fitFraction)
    guard fitted < minimum || heldOut < minimum || fittedTPOT < minimum else { return nil }
    var missing: [String] = []
    if missingPod > 0 { missing.append("\(missingPod) lack pod") }
    if missingTTFT > 0 { missing.append("\(missingTTFT) lack ttft_ms") }
    if missingE2E > 0 { missing.append("\(missingE2E) lack e2e_ms") }
    if inconsistent > 0 { missing.append("\(inconsistent) have ttft_ms <= 0 or e2e_ms < ttft_ms") }
    let why = missing.isEmpty ? "" : " (of \(records) records, " + missing.joined(separator: ", ") + ")"
    return "\(usable) records carry pod, ttft_ms and e2e_ms and \(withTPOT) of them two output tokens or more\(why); "
      + "calibration needs at least \(minimum) such records with two output tokens or more in the fitted part "
      + "(the first \(Int(fitFraction * 100))%) and \(minimum) in the held-out rest"
  }
}
