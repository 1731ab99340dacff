import Fleet
import Testing
import Measurements
import Routing
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
  var generator = try SynthGenerator(configuration: configuration)
  var records: [TraceRecord] = []
  while let record = generator.next() { records.append(record) }
  return records
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
