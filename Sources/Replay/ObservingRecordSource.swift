import Fleet
import Measurements
import Routing
import Workload

/// A record source that passes records through unchanged and tallies what production observed
/// for them (`TraceRecord.observed`), in memory bounded by the number of production pods.
/// Records of a warm-up (arriving before `measuredFrom`, on the log's clock) pass through
/// untallied, as the replay leaves them out of its own metrics.
public struct ObservingRecordSource<Base: RecordSource>: RecordSource {
  public private(set) var base: Base
  public private(set) var observed = ObservedMetrics()
  let costModel: MUCostModel
  let measuredFrom: Int64?

  public init(_ base: Base, costModel: MUCostModel, measuredFrom: Int64? = nil) {
    self.base = base
    self.costModel = costModel
    self.measuredFrom = measuredFrom
  }

  public mutating func next() throws -> TraceRecord? {
    guard let record = try base.next() else { return nil }
    if let measuredFrom, record.arrivalNanos < measuredFrom { return record }
    if let outcome = record.observed, !outcome.isEmpty {
      let mu = costModel.mu(
        inputTokens: record.inputTokens, cachedTokens: min(max(outcome.cachedTokens ?? 0, 0), record.inputTokens),
        outputTokens: record.outputTokens)
      observed.record(outcome, inputTokens: record.inputTokens, outputTokens: record.outputTokens, mu: mu)
    }
    return record
  }
}

extension ReplayRunner {
  /// Like `run`, and also collects what the log says production observed (tallied by the
  /// shared reader as it reads); the observations are nil when no record carries any.
  public static func runObserving<Source: RecordSource & SendableMetatype>(
    policies: [RoutingPolicyKind], configuration: ReplayConfiguration,
    makeSource: @escaping @Sendable () throws -> Source
  ) async throws -> (runs: [PolicyMetrics], observed: ObservedMetrics?) {
    try configuration.validate()
    let costModel = configuration.costModel
    let (runs, observed) = try await SharedFeedRun.run(
      consumers: policies.count,
      makeSource: {
        ObservingRecordSource(try makeSource(), costModel: costModel, measuredFrom: configuration.measuredFrom)
      },
      outcome: { $0.observed }
    ) { index, cursor in
      var engine = ReplayEngine(source: cursor, configuration: configuration, policy: policies[index])
      return try engine.run()
    }
    return (runs, observed.flatMap { $0.isEmpty ? nil : $0 })
  }
}
