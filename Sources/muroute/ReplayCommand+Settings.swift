import ArgumentParser
import Foundation
import Replay
import Reports
import Traces

extension ReplayCommand {
  /// Defaults, then the scenario file, then the flags given, then `--contracts`.
  func resolvedSettings() throws -> ReplaySettings {
    var settings = ReplaySettings()
    if let scenario {
      do { settings.apply(try Scenario.load(path: scenario)) } catch {
        printError("Error: \(error)")
        throw ExitCode(1)
      }
    }
    point.apply(to: &settings)
    fleet.apply(to: &settings)
    if !policies.isEmpty {
      // Repeated and comma-listed policies, in first-given order, each once.
      settings.policies = policies.joined().reduce(into: []) { kinds, kind in if !kinds.contains(kind) { kinds.append(kind) } }
    }
    if let baseline { settings.baseline = baseline }
    if let contracts {
      do { settings.contracts = try ContractsFile.load(path: contracts) } catch {
        printError("Error: \(error)")
        throw ExitCode(1)
      }
    }
    return settings
  }

  /// The `--from/--to/--warmup` window on the logs' clock, whose start is the earliest first
  /// arrival of any log.
  func resolvedWindow(logStart: Int64?) throws -> ResolvedWindow {
    let window = ReplayWindow(
      from: try from.map { text in try usage { () throws(ConfigurationError) in try ReplayWindow.parseBound(text, flag: "--from") } },
      to: try to.map { text in try usage { () throws(ConfigurationError) in try ReplayWindow.parseBound(text, flag: "--to") } },
      warmupSeconds: warmup ?? 0)
    guard !window.isWholeLog, let logStart else { return ResolvedWindow() }
    return try usage { () throws(ConfigurationError) in try window.resolve(logStart: logStart) }
  }

  /// The clock scale of `--speedup`, anchored at the logs' first timestamp.
  func timeScale(logStart: Int64?) throws -> TimeScale {
    try usage { () throws(ConfigurationError) in try TimeScale.validate(speedup: speedup) }
    guard speedup != 1 else { return .identity }
    return TimeScale(speedup: speedup, origin: logStart ?? 0)
  }

  /// The report header line for `--speedup`, when it is not 1.
  func speedupReportLines(_ scale: TimeScale) -> [ReportSetting] {
    guard scale.speedup != 1 else { return [] }
    return [ReportSetting("speedup", "arrivals \(NumberFormat.compact(scale.speedup)) x as dense as the log")]
  }

  /// Report header lines for the window and the contracts.
  func extraReportLines(_ settings: ReplaySettings, window: ResolvedWindow) -> [ReportSetting] {
    var lines: [ReportSetting] = []
    if window != ResolvedWindow() {
      let warm = NumberFormat.compact(warmup ?? 0)
      func bound(_ text: String?, _ otherwise: String) -> String {
        guard let text else { return otherwise }
        return Double(text) != nil ? "\(text) s" : text
      }
      var text = "log from \(bound(from, "its start")) to \(bound(to, "its end"))"
      text +=
        (warmup ?? 0) > 0
        ? " after a \(warm) s warm-up that loads the fleet but is not measured (times count from the warm-up's start)"
        : ", no warm-up"
      lines.append(ReportSetting("window", text))
    }
    if let contracts = settings.contracts {
      var text = "\(contracts.tenants.count) tenants reserve \(NumberFormat.compact(contracts.totalReservedMUPerMinute)) MU/min; "
      text += "best effort \(NumberFormat.compact(contracts.bestEffortMUPerMinute)) MU/min; over contract: \(contracts.overContract.rawValue)"
      if contracts.overContract == .queue { text += " up to \(NumberFormat.compact(contracts.maxQueue.seconds)) s" }
      lines.append(ReportSetting("admission", text))
    }
    return lines
  }

  /// Runs `body`, turning a configuration error into a usage error.
  func usage<T>(_ body: () throws(ConfigurationError) -> T) throws -> T {
    do { return try body() } catch { throw ValidationError(error.description) }
  }
}
