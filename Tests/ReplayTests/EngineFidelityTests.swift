import Fleet
import Measurements
import Routing
import Sharding
import SimCore
import Testing
import Workload
@testable import Replay

/// What the routers, the sharder and admission learn, and when: reports from live pods only,
/// after the report delay, with the MU routed since each report was taken on top; the sharder's
/// load from placed requests only; refunds for requests that never ran.
@Suite struct EngineFidelityTests {
  static func record(at seconds: Double, input: Int, output: Int, tenant: String? = nil, session: String? = nil) -> TraceRecord {
    TraceRecord(
      arrivalNanos: SimDuration.seconds(seconds).nanoseconds, inputTokens: input, outputTokens: output, tenant: tenant,
      session: session)
  }

  /// An engine over `records`, driven by the caller with `step(_:before:)`.
  static func engine(
    _ records: [TraceRecord], _ configuration: ReplayConfiguration, policy: RoutingPolicyKind
  ) -> ReplayEngine<ArrayRecordSource> {
    ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: policy)
  }

  @Test func routersSeeReportsAfterTheDelayWithWhatTheyRoutedSinceTheTake() throws {
    // Reports every 1 s, delivered 0.5 s later. A (t = 0.1) and B (t = 1.2) each decode 2,000
    // tokens, so both run well past 2 s; mu-least puts B on the other pod.
    var configuration = smallConfiguration(pods: 2)
    configuration.reportDelay = .milliseconds(500)
    configuration.predictor = .oracle
    let records = [Self.record(at: 0.1, input: 200, output: 2_000), Self.record(at: 1.2, input: 200, output: 2_000)]
    var engine = Self.engine(records, configuration, policy: .muLeast)
    var pending = try engine.nextArrival()
    while try engine.step(&pending, before: at(1.3)) {}
    let estimate = configuration.costModel.mu(inputTokens: 200, cachedTokens: 0, outputTokens: 2_000)
    let podA = try #require(engine.loads.views[0].firstIndex { $0.activeRequests == 1 && $0.reportedMU == 0 && abs($0.routedMUSinceReport - estimate) < 1e-12 })
    let podB = 1 - podA
    // At 1.3 s the report taken at 1 s is still in transit: the routers know the one taken at 0
    // (nothing running) plus everything they routed since: A on its pod, B on the other.
    #expect(engine.loads.views[0][podA].reportedMU == 0)
    #expect(abs(engine.loads.views[0][podB].routedMUSinceReport - estimate) < 1e-12)
    #expect(engine.loads.views[0][podB].reportedMU == 0)
    while try engine.step(&pending, before: at(1.6)) {}
    // The report taken at 1 s arrived at 1.5 s: A's decayed MU as of 1 s, and nothing routed to A
    // since; B, routed after the take, stays on top of its pod's (empty) report.
    let reportedA = engine.loads.views[0][podA].reportedMU
    #expect(reportedA > 0 && reportedA < estimate)
    #expect(engine.loads.views[0][podA].routedMUSinceReport == 0)
    #expect(engine.loads.views[0][podB].reportedMU == 0)
    #expect(abs(engine.loads.views[0][podB].routedMUSinceReport - estimate) < 1e-12)
    // The routers' number is a report old: the pod has decoded further since 1 s.
    #expect(engine.pods[podA].load(at: at(1.6)).inFlightMU < reportedA)
  }

  @Test func aCrashedPodSendsNoReports() throws {
    // Pod 1 is busy when it crashes at 10 s; its last report (9 s) stays the routers' last word
    // (they stop routing to it one interval later), not a fresh zero from a dead pod.
    let records = (0..<400).map { Self.record(at: Double($0) * 0.05, input: 300, output: 400, session: "s\($0)") }
    var configuration = smallConfiguration(pods: 2, events: [FleetEvent(time: at(10), kind: .podDown(PodID(1)))])
    configuration.reportDelay = .zero
    var engine = Self.engine(records, configuration, policy: .roundRobin)
    var pending = try engine.nextArrival()
    while try engine.step(&pending, before: at(9.5)) {}
    let lastReport = engine.loads.views[0][1].reportedMU
    #expect(lastReport > 0)
    let run = try engine.run()
    #expect(run.lost > 0)
    #expect(engine.loads.views[0][1].reportedMU == lastReport)
    #expect(!engine.loads.views[0][1].isRoutable)
  }

  @Test func theSharderMeasuresOnlyPlacedRequests() throws {
    // tenant-1 has a contract too small for any request and there is no best-effort pool: all
    // its requests are refused by admission and none of their load reaches the sharder.
    let records = try synthRecords(requests: 200, tenants: 2, ratePerSecond: 20)
    var configuration = smallConfiguration(pods: 2)
    configuration.contracts = Contracts(tenants: [
      Contracts.Tenant(name: "tenant-0", reservedMUPerMinute: 1e6),
      Contracts.Tenant(name: "tenant-1", reservedMUPerMinute: 1e-9, burstSeconds: 1),
    ])
    var engine = Self.engine(records, configuration, policy: .muSubset)
    let run = try engine.run()
    let refused = try #require(run.admission?.tenants.first { $0.name == "tenant-1" })
    #expect(refused.offered > 0 && refused.rejected == refused.offered)
    let refusedID = try #require(engine.tenants.names.firstIndex(of: "tenant-1"))
    let sample = try #require(engine.sharding?.keySample.sortedEntries)
    #expect(!sample.isEmpty)
    #expect(sample.allSatisfy { $0.tenant != refusedID })
  }

  @Test func theSharderLearnsOfLoadWithTheReports() throws {
    // One short request at 0.2 s finishes long before the first report after it (1 s): the
    // sharder's load watcher never hears of it (the key sample for blast radius still does).
    var configuration = smallConfiguration(pods: 2)
    configuration.reportDelay = .milliseconds(100)
    var engine = Self.engine([Self.record(at: 0.2, input: 50, output: 2, session: "a")], configuration, policy: .muSubset)
    let run = try engine.run()
    #expect(run.completed == 1)
    let tracker = try #require(engine.sharding?.tracker)
    #expect(tracker.sliceRates(at: at(0.3)).reduce(0, +) == 0)
    #expect(engine.sharding?.keySample.sortedEntries.count == 1)
  }

  @Test func requestsLostInACrashRefundTheirContract() throws {
    // One tenant whose hour-deep bucket never empties, but is spent faster (about 0.6 MU/s) than
    // it refills (0.1 MU/s), so no refund is cut off at a full bucket: what stays charged is
    // exactly the actual MU of the requests that completed (lost ones are refunded, as rejected
    // ones are).
    let records = try synthRecords(requests: 300, tenants: 1, ratePerSecond: 40)
    var configuration = smallConfiguration(pods: 2, events: [FleetEvent(time: at(3), kind: .podDown(PodID(1)))])
    configuration.contracts = Contracts(tenants: [Contracts.Tenant(name: "tenant-0", reservedMUPerMinute: 6, burstSeconds: 3_600)])
    let run = try replay(records, configuration, policy: .roundRobin)
    #expect(run.lost > 0)
    let tenant = try #require(run.admission?.tenants.first { $0.name == "tenant-0" })
    #expect(abs(tenant.reservedMU - run.completedMU) < 1e-9 * max(1, run.completedMU), "\(tenant.reservedMU) vs \(run.completedMU)")
  }

  @Test func warmupRequestsLostInACrashAreCountedApart() throws {
    // Measured from 5 s; pod 1 crashes at 3 s, inside the warm-up, with requests on it.
    let records = try synthRecords(requests: 300, tenants: 2, ratePerSecond: 40)
    var configuration = smallConfiguration(pods: 2, events: [FleetEvent(time: at(3), kind: .podDown(PodID(1)))])
    configuration.measuredFrom = (records.first?.arrivalNanos ?? 0) + SimDuration.seconds(5).nanoseconds
    let run = try replay(records, configuration, policy: .roundRobin)
    #expect(run.warmupLost > 0)
    #expect(run.lost == 0)
    #expect(run.completed + run.rejected + run.lost == run.offered)
  }

  @Test func reportTicksContinueWhileAdmissionQueuesARequest() throws {
    // A big prompt at 0 s takes most of tenant "a"'s bucket; a long answer at 0 s waits a few
    // seconds for tokens, then decodes for several seconds; the next arrival is at 200 s. The
    // fleet must keep reporting while the queued request waits and runs.
    let first = Self.record(at: 0, input: 8_000, output: 1, tenant: "a", session: "x")
    let second = Self.record(at: 0, input: 100, output: 2_000, tenant: "a", session: "y")
    let last = Self.record(at: 200, input: 10, output: 1, tenant: "a", session: "z")
    var configuration = smallConfiguration(pods: 1)
    configuration.predictor = .oracle
    let model = configuration.costModel
    let firstMU = model.mu(inputTokens: 8_000, cachedTokens: 0, outputTokens: 1)
    let secondMU = model.mu(inputTokens: 100, cachedTokens: 0, outputTokens: 2_000)
    // A bucket of depth firstMU + secondMU / 2 over 10 s: the second request waits for half of
    // its cost to refill, (secondMU / 2) / (depth / 10 s) < 5 s.
    let depth = firstMU + secondMU / 2
    try #require(depth >= secondMU)
    configuration.contracts = Contracts(
      tenants: [Contracts.Tenant(name: "a", reservedMUPerMinute: depth * 6, burstSeconds: 10)],
      overContract: .queue, maxQueue: .seconds(10))
    let run = try replay([first, second, last], configuration, policy: .p2c)
    #expect(run.completed == 3)
    #expect((run.admission?.queued ?? 0) == 1)
    let e2e = run.e2e.summary.max / 1000
    #expect(e2e > 10, "the queued request should run past the first window (\(e2e) s)")
    // The queued request is released within 5 s and runs past 10 s: window [10, 20) has samples.
    #expect(run.pods.cells.count > 1 && run.pods.cells[1][0].muSampleSum > 0)
  }

  @Test(arguments: OutputPredictorKind.allCases)
  func routersAndPodsPriceByThePredictorChosen(predictor: OutputPredictorKind) throws {
    // No request has completed yet, so tenant-mean guesses 256 output tokens; the oracle knows
    // the true 2,000. The routers' estimate and the pod's in-flight MU both follow the choice.
    var configuration = smallConfiguration(pods: 1)
    configuration.predictor = predictor
    var engine = Self.engine([Self.record(at: 0.1, input: 200, output: 2_000)], configuration, policy: .muLeast)
    var pending = try engine.nextArrival()
    while try engine.step(&pending, before: at(0.2)) {}
    let predicted = predictor == .oracle ? 2_000 : 256
    let estimate = configuration.costModel.mu(inputTokens: 200, cachedTokens: 0, outputTokens: predicted)
    #expect(abs(engine.loads.views[0][0].routedMUSinceReport - estimate) < 1e-12)
    // Run until the answer is past 256 tokens: tenant-mean's guess has been re-predicted (the
    // pod reports MU again rather than 0), the oracle's share left is the true one.
    while try engine.step(&pending, before: at(6)) {}
    let load = engine.pods[0].load(at: at(6))
    #expect(load.running == 1 && load.inFlightMU > 0)
    let stats = engine.pods[0].statistics
    #expect(predictor == .oracle ? stats.repredictions == 0 : stats.repredictions > 0)
  }

  @Test func thePredictorIsASettingWithAnError() throws {
    var settings = ReplaySettings()
    #expect(try settings.configuration(blockSize: nil).predictor == .tenantMean)
    settings.predictor = .oracle
    #expect(try settings.configuration(blockSize: nil).predictor == .oracle)
    #expect(throws: SettingTextError.self) { try OutputPredictorKind(settingText: "psychic") }
  }

  @Test func podsRefuseByMaxTokensNotByTheTrueAnswer() throws {
    // A short answer whose max_tokens alone outgrows a pod's KV memory is refused (vLLM checks
    // the prompt plus max_tokens); the same request without max_tokens runs.
    let capacity = testProfile.kvCapacityBlocks * testProfile.blockTokens
    var capped = Self.record(at: 0, input: 100, output: 10)
    capped.maxTokens = capacity
    let free = Self.record(at: 1, input: 100, output: 10)
    let run = try replay([capped, free], smallConfiguration(pods: 1), policy: .p2c)
    #expect(run.oversized == 1 && run.rejected == 1 && run.completed == 1)
  }
}
