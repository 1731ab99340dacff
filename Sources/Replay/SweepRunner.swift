import Measurements
import Routing

/// Replays one log once per sweep point, at most `parallelism` replays at a time, each streaming
/// its own fresh source; results come back in point order whatever order they finish in.
public enum SweepRunner {
  /// Runs every point of `points` on `base` with its settings applied.
  public static func run<Source: RecordSource & SendableMetatype>(
    points: [SweepPoint], base: ReplayConfiguration, parallelism: Int,
    makeSource: @escaping @Sendable () throws -> Source
  ) async throws -> [PolicyMetrics] {
    try await run(points: points, base: base, parallelism: parallelism, makeSource: makeSource) { $0 }
  }

  /// Runs every point and keeps only what `summarise` makes of each run, so a long sweep does
  /// not hold every run's time series and spill records until the end.
  public static func run<Source: RecordSource & SendableMetatype, Result: Sendable>(
    points: [SweepPoint], base: ReplayConfiguration, parallelism: Int,
    makeSource: @escaping @Sendable () throws -> Source,
    summarise: @escaping @Sendable (PolicyMetrics) -> Result
  ) async throws -> [Result] {
    let configurations = points.map { $0.configuration(from: base) }
    for configuration in configurations { try configuration.validate() }
    let limit = max(1, parallelism)
    return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
      var results = [Result?](repeating: nil, count: points.count)
      var next = 0
      func start() {
        let index = next
        let configuration = configurations[index]
        let policy = points[index].policy
        group.addTask {
          var engine = ReplayEngine(source: try makeSource(), configuration: configuration, policy: policy)
          return (index, summarise(try engine.run()))
        }
        next += 1
      }
      while next < points.count && next < limit { start() }
      for try await (index, run) in group {
        results[index] = run
        if next < points.count { start() }
      }
      return results.compactMap { $0 }
    }
  }
}
