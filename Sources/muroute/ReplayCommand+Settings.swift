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

  /// The `--from/--to/--warmup` window as given, for the report; nil for the whole log.
  func windowSettings(_ window: ResolvedWindow) -> WindowSettings? {
    window == ResolvedWindow() ? nil : WindowSettings(from: from, to: to, warmupSeconds: warmup ?? 0)
  }

  /// Runs `body`, turning a configuration error into a usage error.
  func usage<T>(_ body: () throws(ConfigurationError) -> T) throws -> T {
    do { return try body() } catch { throw ValidationError(error.description) }
  }
}
