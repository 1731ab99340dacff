import Measurements

extension DetailCSV {
  /// `scaling.csv`: every autoscaler action and its consequences, per policy.
  public static func scaling(_ report: ReplayReport) -> String {
    var table = CSVTable(header: ["policy", "time_s", "action", "pod", "utilisation", "pods_after"])
    for run in report.runs {
      for action in run.fleet.scaling {
        table.appendRow([
          run.policy, NumberFormat.compact(action.time.seconds, maxDigits: 3), action.action.rawValue, String(action.pod.rawValue),
          NumberFormat.compact(action.utilisation, maxDigits: 4), String(action.podsAfter),
        ])
      }
    }
    return table.contents
  }
}
