import Measurements
import Routing

/// Replays one log once per sweep point, at most `parallelism` replays at a time; results come
/// back in point order.
///
/// Points run in waves of `parallelism`, every replay of a wave reading one shared reader
/// (`RecordFeed`), so the log is read once per wave rather than once per point. A wave ends
/// when its slowest point does: the replays of a wave advance together, as the shared reader
/// waits for the slowest of them.
public enum SweepRunner {
  /// Runs every point of `points` on `base` with its settings applied.
  public static func run<Source: RecordSource & SendableMetatype>(
    points: [SweepPoint], base: ReplayConfiguration, parallelism: Int,
    makeSource: @escaping @Sendable () throws -> Source
  ) async throws -> [PolicyMetrics] {
    try await run(points: points, base: base, parallelism: parallelism, makeSource: makeSource) { $0 }
  }

  /// How many times a sweep of `points` points reads the log: once per wave.
  public static func reads(points: Int, parallelism: Int) -> Int {
    let limit = max(1, parallelism)
    return (points + limit - 1) / limit
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
    var results = [Result]()
    results.reserveCapacity(points.count)
    for start in stride(from: 0, to: points.count, by: limit) {
      let wave = start..<min(points.count, start + limit)
      let runs = try await SharedFeedRun.run(consumers: wave.count, makeSource: makeSource, outcome: { _ in () }) {
        offset, cursor in
        let index = wave.lowerBound + offset
        var engine = ReplayEngine(source: cursor, configuration: configurations[index], policy: points[index].policy)
        return summarise(try engine.run())
      }
      results += runs.results
    }
    return results
  }
}
