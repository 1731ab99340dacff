import Fleet
import Measurements
import Routing
import SimCore
import Testing
import Synth
import Workload
@testable import Replay

/// Records of a small synthetic log with short prompts, at a flat rate with equal tenants.
func synthRecords(
  requests: Int, tenants: Int = 4, ratePerSecond: Double = 30, seed: UInt64 = 3, hotTenant: HotTenant? = nil,
  newSessionProbability: Double? = nil
) throws -> [TraceRecord] {
  var sessions = SessionModel()
  if let newSessionProbability { sessions.newSessionProbability = newSessionProbability }
  // Short prompts and answers keep debug replays (pod invariant checks after every step) fast.
  let prompts = PromptModel(
    systemPromptTokens: Lognormal(median: 48, sigma: 0.3), firstMessageTokens: Lognormal(median: 40, sigma: 0.5),
    followUpMessageTokens: Lognormal(median: 16, sigma: 0.5), outputTokens: Lognormal(median: 12, sigma: 0.5),
    maxTokens: 64, contextLimit: 1_024)
  let configuration = SynthConfiguration(
    requests: requests, seed: seed, load: .requestsPerSecond(ratePerSecond),
    tenants: TenantMix(count: tenants, zipfExponent: 0), sessions: sessions, prompts: prompts, rate: .flat,
    hotTenant: hotTenant)
  return try generate(configuration)
}

/// Every record `configuration` generates.
func generate(_ configuration: SynthConfiguration) throws -> [TraceRecord] {
  var generator = try SynthGenerator(configuration: configuration)
  var records: [TraceRecord] = []
  while let record = generator.next() { records.append(record) }
  return records
}

let testProfile = CostProfile.llama3_8B_A100

/// A small replay configuration: 1 s reports, 10 s windows.
func smallConfiguration(pods: Int, events: [FleetEvent] = [], seed: UInt64 = 1) -> ReplayConfiguration {
  var configuration = ReplayConfiguration(
    pods: pods, profile: testProfile, seed: seed, reportInterval: .seconds(1), window: .seconds(10))
  configuration.events = events
  return configuration
}

/// `requests` synthetic records at a flat rate that keeps `pods` pods at `utilization`.
func synthRecords(requests: Int, pods: Int, utilization: Double = 0.6, seed: UInt64 = 5) throws -> [TraceRecord] {
  let configuration = SynthConfiguration(
    requests: requests, seed: seed, load: .fleet(pods: pods, utilization: utilization), rate: .flat)
  return try generate(configuration)
}

/// A small fleet configuration for engine tests.
func testConfiguration(pods: Int = 4) throws -> ReplayConfiguration {
  let profile = try #require(CostProfile.builtIn(named: "llama-3-8b-a100"))
  return ReplayConfiguration(pods: pods, profile: profile)
}

/// Replays `records` under `policy`.
func replay(
  _ records: [TraceRecord], configuration: ReplayConfiguration, policy: RoutingPolicyKind = .p2c
) throws -> PolicyMetrics {
  var engine = ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: policy)
  return try engine.run()
}

/// Replays `records` under `policy`.
func replay(_ records: [TraceRecord], _ configuration: ReplayConfiguration, policy: RoutingPolicyKind) throws -> PolicyMetrics {
  var engine = ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: policy)
  return try engine.run()
}

func at(_ seconds: Double) -> SimInstant { SimInstant(nanoseconds: SimDuration.seconds(seconds).nanoseconds) }

extension PolicyMetrics {
  /// Mean sampled MU of `pod` over the windows whose start lies in `range` (seconds).
  func meanMU(pod: Int, windowsStartingIn range: Range<Double>) -> Double {
    var sum = 0.0
    var count = 0
    for (w, row) in pods.cells.enumerated() where range.contains(pods.windowStart(w).seconds) && pod < row.count {
      sum += row[pod].meanMU
      count += 1
    }
    return count > 0 ? sum / Double(count) : 0
  }
}
