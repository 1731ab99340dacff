import Fleet
import Foundation
import Replay
import Reports

/// The text `muroute calibrate` prints: the fit, its residuals and the held-out check.
enum CalibrationSummary {
  static func text(_ result: CalibrationResult, writtenAs name: String, to path: String) -> String {
    var lines = [
      "Calibrated \(result.base.name) on \(NumberFormat.grouped(result.fittedRecords)) records, held out "
        + "\(NumberFormat.grouped(result.heldOutRecords)); \(result.evaluations) replays; grouped loss "
        + "\(NumberFormat.fixed(result.baseLoss, 5)) -> \(NumberFormat.fixed(result.fittedLoss, 5)).",
      "Wrote \(name) to \(path).",
      "",
      "| coefficient | base (ms) | fitted (ms) | change |",
      "|---|---:|---:|---:|",
    ]
    for key in result.fittedKeys {
      guard let path = ProfileCalibrator.keyPath(named: key) else { continue }
      let before = result.base[keyPath: path]
      let after = result.fitted[keyPath: path]
      lines.append("| `\(key)` | \(number(before)) | \(number(after)) | \(percent(after / before - 1)) |")
    }
    lines += [
      "",
      "Per-request |replayed / observed - 1| with the fitted profile (a request's own TTFT also carries when it",
      "arrived within the pass in flight, which no coefficient fixes):",
      "",
      "| part | TTFT p50 | TTFT p90 | TTFT p99 | TPOT p50 | TPOT p90 | TPOT p99 |",
      "|---|---:|---:|---:|---:|---:|---:|",
      "| fitted | " + (result.fitResiduals.ttft + result.fitResiduals.tpot).map { percent($0, signed: false) }.joined(separator: " | ") + " |",
      "| held out | " + (result.heldOutResiduals.ttft + result.heldOutResiduals.tpot).map { percent($0, signed: false) }.joined(separator: " | ") + " |",
      "",
      "Held-out check (ms): observed percentiles against the replay with the fitted and with the base profile:",
      "",
      "| metric | observed | fitted | error | base | error |",
      "|---|---:|---:|---:|---:|---:|",
    ]
    let fitted = result.heldOut
    let base = result.baseHeldOut
    for (metric, observed, replayed, baseline) in [
      ("TTFT", fitted.observedTTFT, fitted.replayedTTFT, base.replayedTTFT),
      ("TPOT", fitted.observedTPOT, fitted.replayedTPOT, base.replayedTPOT),
    ] {
      for p in [50.0, 90.0, 99.0] {
        let o = observed.percentileMillis(p)
        let f = replayed.percentileMillis(p)
        let b = baseline.percentileMillis(p)
        lines.append(
          "| \(metric) p\(Int(p)) | \(NumberFormat.fixed(o, 2)) | \(NumberFormat.fixed(f, 2)) | \(percent(o > 0 ? f / o - 1 : 0)) "
            + "| \(NumberFormat.fixed(b, 2)) | \(percent(o > 0 ? b / o - 1 : 0)) |")
      }
    }
    return lines.joined(separator: "\n")
  }

  private static func number(_ value: Double) -> String { String(format: "%.6g", value) }

  private static func percent(_ value: Double, signed: Bool = true) -> String {
    let text = NumberFormat.fixed(value * 100, 1) + "%"
    return signed && value >= 0 ? "+" + text : text
  }
}
