import Measurements
import Routing

/// Replays one log once per policy, in parallel across cores, each run streaming its own reader.
public enum ReplayRunner {
  /// Runs every policy in `policies` over a fresh source from `makeSource`, results in input order.
  public static func run<Source: RecordSource & SendableMetatype>(
    policies: [RoutingPolicyKind], configuration: ReplayConfiguration,
    makeSource: @escaping @Sendable () throws -> Source
  ) async throws -> [PolicyMetrics] {
    try configuration.validate()
    return try await withThrowingTaskGroup(of: (Int, PolicyMetrics).self) { group in
      for (index, policy) in policies.enumerated() {
        group.addTask {
          var engine = ReplayEngine(source: try makeSource(), configuration: configuration, policy: policy)
          return (index, try engine.run())
        }
      }
      var results = [PolicyMetrics?](repeating: nil, count: policies.count)
      for try await (index, run) in group { results[index] = run }
      return results.compactMap { $0 }
    }
  }
}
