import Fleet
import Foundation
import Measurements
import Replay
import Reports
import Routing
import SimCore
import Synth
import Traces
import Workload

/// A record source that remembers every record it hands to the engine (in a shared box, as the
/// engine keeps its own copy of the source).
public struct RecordingSource<Base: RecordSource>: RecordSource {
  public final class Box { public var records: [TraceRecord] = [] }
  public var base: Base
  public let delivered = Box()

  public init(_ base: Base) { self.base = base }

  public mutating func next() throws -> TraceRecord? {
    guard let record = try base.next() else { return nil }
    delivered.records.append(record)
    return record
  }
}

/// A `TraceReader` as a `RecordSource`.
public struct ReaderSource: RecordSource {
  let reader: TraceReader
  public init(_ reader: TraceReader) { self.reader = reader }
  public mutating func next() throws -> TraceRecord? { try reader.next() }
}

/// Replays through the real engine and checks its invariants on what it measured.
public enum ReplayHarness {
  /// A small fixed log (3 tenants `tenant-0`...`tenant-2`, multi-turn sessions, short prompts) for
  /// the targets that fuzz the replay's settings rather than its log.
  public static let fixedLog: [TraceRecord] = {
    let prompts = PromptModel(
      systemPromptTokens: Lognormal(median: 48, sigma: 0.3), firstMessageTokens: Lognormal(median: 40, sigma: 0.5),
      followUpMessageTokens: Lognormal(median: 16, sigma: 0.5), outputTokens: Lognormal(median: 12, sigma: 0.5),
      maxTokens: 64, contextLimit: 1_024)
    let configuration = SynthConfiguration(
      requests: 60, seed: 3, load: .requestsPerSecond(12), tenants: TenantMix(count: 3, zipfExponent: 0),
      prompts: prompts, rate: .flat)
    guard var generator = try? SynthGenerator(configuration: configuration) else { fuzzFailure("the fixed log cannot be generated") }
    var records: [TraceRecord] = []
    while let record = generator.next() { records.append(record) }
    return records
  }()

  /// Replays `fixedLog` under each policy with the invariants checked: what the targets that
  /// fuzz a settings file (scenario, contracts, events, profile) run once it parses.
  public static func replayFixedLog(policies: [RoutingPolicyKind], configuration: ReplayConfiguration) {
    replay(policies: policies, configuration: configuration, measured: { $0.count }) { ArrayRecordSource(fixedLog) }
  }

  /// Replays `makeSource()` under each policy (the first through `ObservingRecordSource`, as the
  /// command line does), checks every run and renders the report in memory. Returns nil when
  /// the replay stopped on an input error (a bad line beyond the budget, say).
  @discardableResult
  public static func replay<Base: RecordSource>(
    policies: [RoutingPolicyKind], configuration: ReplayConfiguration, measured: (([TraceRecord]) -> Int)? = nil,
    makeSource: () throws -> Base
  ) -> [PolicyMetrics]? {
    do { try configuration.validate() } catch { return nil }
    let costModel = MUCostModel(profile: configuration.profile, muPerMinute: configuration.muPerMinute)
    var runs: [PolicyMetrics] = []
    var observed: ObservedMetrics?
    for policy in policies {
      do {
        let source = RecordingSource(try makeSource())
        var engine = ReplayEngine(source: source, configuration: configuration, policy: policy)
        let run = try engine.run()
        check(run, configuration: configuration, expectedOffered: measured?(source.delivered.records))
        runs.append(run)
      } catch is TraceError {
        return nil
      } catch {
        fuzzFailure("the replay threw a non-input error: \(error)")
      }
    }
    // What production observed, tallied over the same stream as `runObserving` does.
    if let base = try? makeSource() {
      var observing = ObservingRecordSource(base, costModel: costModel, measuredFrom: configuration.measuredFrom)
      while (try? observing.next()) != nil {}
      observed = observing.observed.isEmpty ? nil : observing.observed
    }
    if runs.count > 1 {
      fuzzCheck(Set(runs.map(\.offered)).count == 1, "policies were offered different numbers of requests: \(runs.map(\.offered))")
    }
    render(runs, configuration: configuration, observed: observed, costModel: costModel)
    return runs
  }

  /// The engine's promises, on what one run measured.
  public static func check(_ run: PolicyMetrics, configuration: ReplayConfiguration, expectedOffered: Int?) {
    let name = run.policy
    // Conservation: every offered request ends exactly once.
    fuzzCheck(run.completed + run.rejected + run.lost == run.offered,
      "\(name): completed \(run.completed) + rejected \(run.rejected) + lost \(run.lost) != offered \(run.offered)")
    if let expectedOffered { fuzzCheck(run.offered == expectedOffered, "\(name): offered \(run.offered), log has \(expectedOffered) measured") }
    fuzzCheck(run.oversized <= run.rejected, "\(name): oversized \(run.oversized) > rejected \(run.rejected)")
    fuzzCheck(run.held >= 0 && run.preemptions >= 0 && run.fleet.rerouted >= 0, "\(name): negative counters")
    // Cache accounting: hits never exceed prompts, and every breakdown adds up.
    fuzzCheck(0 <= run.cachedTokens && run.cachedTokens <= run.inputTokens, "\(name): cached \(run.cachedTokens) of \(run.inputTokens)")
    fuzzCheck(0 <= run.spilledCachedTokens && run.spilledCachedTokens <= run.spilledInputTokens, "\(name): spilled cache")
    fuzzCheck(0 <= run.movedCachedTokens && run.movedCachedTokens <= run.movedInputTokens, "\(name): moved cache")
    fuzzCheck(0 <= run.stayedCachedTokens && run.stayedCachedTokens <= run.stayedInputTokens, "\(name): stayed cache")
    fuzzCheck(run.spilledCompleted <= run.completed && run.movedCompleted + run.stayedCompleted <= run.completed,
      "\(name): spilled/moved/stayed exceed completed")
    fuzzCheck(run.spilledInputTokens <= run.inputTokens && run.movedInputTokens + run.stayedInputTokens <= run.inputTokens,
      "\(name): breakdown tokens exceed the total")
    fuzzCheck(run.completedMU.isFinite && run.completedMU >= 0, "\(name): completed MU \(run.completedMU)")
    let byPod = run.completedMUByPod.reduce(0, +)
    fuzzCheck(abs(byPod - run.completedMU) <= 1e-6 * max(1, run.completedMU), "\(name): MU by pod \(byPod) vs \(run.completedMU)")
    fuzzCheck(run.ttft.count == run.completed && run.e2e.count == run.completed && run.queueing.count == run.completed,
      "\(name): latency samples do not match completions")
    // Tenants add up to the fleet.
    fuzzCheck(run.tenants.map(\.offered).reduce(0, +) == run.offered, "\(name): tenants' offered")
    fuzzCheck(run.tenants.map(\.completed).reduce(0, +) == run.completed, "\(name): tenants' completed")
    fuzzCheck(run.tenants.map(\.rejected).reduce(0, +) == run.rejected, "\(name): tenants' rejected")
    fuzzCheck(run.tenants.map(\.cachedTokens).reduce(0, +) == run.cachedTokens, "\(name): tenants' cached tokens")
    fuzzCheck(run.tenants.allSatisfy { $0.cachedTokens <= $0.inputTokens }, "\(name): a tenant's cached tokens exceed its prompts")
    // Pods: per-window completions add up, hits within prompts, KV never beyond capacity.
    var completed = 0
    var input = 0
    var cached = 0
    for row in run.pods.cells {
      for cell in row {
        completed += cell.completed
        input += cell.inputTokens
        cached += cell.cachedTokens
        fuzzCheck(cell.cachedTokens <= cell.inputTokens, "\(name): a pod window hit more tokens than it was sent")
        fuzzCheck(cell.kvUtilizationSampleSum <= Double(cell.samples) * (1 + 1e-9) && cell.kvUtilizationSampleSum >= 0,
          "\(name): KV utilisation above 1 (\(cell.kvUtilizationSampleSum) over \(cell.samples) samples)")
        fuzzCheck(cell.samplesAbove90 <= cell.samples && cell.muSampleSum >= 0 && cell.muMax >= 0, "\(name): pod samples")
      }
    }
    fuzzCheck(completed == run.completed && input == run.inputTokens && cached == run.cachedTokens,
      "\(name): pod windows add up to \(completed)/\(input)/\(cached), the run to \(run.completed)/\(run.inputTokens)/\(run.cachedTokens)")
    // Time never goes back: everything the engine stamps as it goes is in time order.
    fuzzCheck(run.simulatedDuration.nanoseconds >= 0, "\(name): negative simulated duration")
    fuzzCheck(isSorted(run.spillRecords.map(\.time)), "\(name): spill decisions out of time order")
    fuzzCheck(isSorted(run.fleet.events.map(\.time)), "\(name): fleet events out of time order")
    fuzzCheck(isSorted(run.fleet.podCount.map(\.time)), "\(name): pod-count steps out of time order")
    fuzzCheck(isSorted(run.fleet.scaling.map(\.time)), "\(name): scaling actions out of time order")
    fuzzCheck(run.spillRecords.count <= run.spilled, "\(name): more spill records than spills")
    if let admission = run.admission {
      fuzzCheck(admission.rejected <= run.rejected, "\(name): admission rejected \(admission.rejected) > rejected \(run.rejected)")
    }
    fuzzCheck(run.fleet.podSeconds.isFinite && run.fleet.podSeconds >= 0, "\(name): pod-seconds \(run.fleet.podSeconds)")
  }

  /// The report a replay writes, rendered in memory: every file non-empty, summary.json valid JSON.
  static func render(_ runs: [PolicyMetrics], configuration: ReplayConfiguration, observed: ObservedMetrics?, costModel: MUCostModel) {
    guard !runs.isEmpty else { return }
    let report = ReplayReport(
      source: "fuzz.jsonl", settings: [ReportSetting("pods", "\(configuration.pods)")], runs: runs,
      sampleInterval: configuration.reportInterval, podCapacityMU: costModel.podCapacityMU,
      baseline: runs.first?.policy, observed: observed)
    for file in report.files() {
      fuzzCheck(!file.contents.isEmpty, "report file \(file.name) is empty")
      if file.name.hasSuffix(".json") {
        let valid = (try? JSONSerialization.jsonObject(with: Data(file.contents.utf8))) != nil
        fuzzCheck(valid, "\(file.name) is not valid JSON:\n\(file.contents.prefix(2_000))")
      }
    }
  }

  static func isSorted(_ times: [SimInstant]) -> Bool {
    zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }
  }
}
