import Measurements
import Routing

/// Replays one log once per policy, every policy reading the records of one shared reader
/// (`RecordFeed`): the log is read, decoded and chained once however many policies run.
public enum ReplayRunner {
  /// Runs every policy in `policies` over the records of the one source `makeSource` makes,
  /// results in input order. Each replay and the reader run on threads of their own.
  public static func run<Source: RecordSource & SendableMetatype>(
    policies: [RoutingPolicyKind], configuration: ReplayConfiguration,
    makeSource: @escaping @Sendable () throws -> Source
  ) async throws -> [PolicyMetrics] {
    try configuration.validate()
    return try await SharedFeedRun.run(consumers: policies.count, makeSource: makeSource, outcome: { _ in () }) {
      index, cursor in
      var engine = ReplayEngine(source: cursor, configuration: configuration, policy: policies[index])
      return try engine.run()
    }.results
  }
}
