import Fleet
import Measurements
import Routing
import SimCore
import Testing
import Workload

@testable import Replay

/// `--max-waiting`: a burst beyond the ceiling is refused as `rejected_overload`, every request
/// still ends exactly once, and the simulator never holds more than the ceiling.
@Suite struct OverloadCeilingTests {
  /// `count` identical requests arriving at `second` (tenants cycling through `tenants` names).
  static func burst(_ count: Int, at second: Int64, tenants: Int = 1) -> [TraceRecord] {
    (0..<count).map { i in
      TraceRecord(
        arrivalNanos: second * 1_000_000_000, inputTokens: 100, outputTokens: 10, tenant: "t\(i % tenants)",
        session: "s\(i)")
    }
  }

  static func configuration(pods: Int, maxWaiting: Int, spill: SpillPolicy = .global) -> ReplayConfiguration {
    var configuration = smallConfiguration(pods: pods)
    configuration.maxWaiting = maxWaiting
    configuration.routing.spillPolicy = spill
    return configuration
  }

  @Test func aBurstBeyondTheCeilingIsRejectedAsOverload() throws {
    // Nothing finishes at the burst's instant, so exactly the first 100 get in.
    let records = Self.burst(1_000, at: 0, tenants: 3)
    let run = try replay(records, configuration: Self.configuration(pods: 2, maxWaiting: 100))
    #expect(run.offered == 1_000)
    #expect(run.rejectedOverload == 900)
    #expect(run.completed == 100)
    #expect(run.rejected == 900)
    #expect(run.completed + run.rejected + run.lost == run.offered)
    #expect(run.peakInSimulator == 100)
    // Per tenant too: refused requests are counted against the tenant that sent them.
    #expect(run.tenants.map(\.rejected).reduce(0, +) == 900)
    #expect(run.tenants.map(\.offered).reduce(0, +) == 1_000)
  }

  @Test func aLogUnderTheCeilingIsUnchanged() throws {
    let records = Self.burst(200, at: 0)
    let bounded = try replay(records, configuration: Self.configuration(pods: 2, maxWaiting: 200))
    let unbounded = try replay(records, configuration: Self.configuration(pods: 2, maxWaiting: 1_000_000))
    #expect(bounded.rejectedOverload == 0)
    #expect(bounded.completed == 200)
    #expect(bounded.ttft.summary == unbounded.ttft.summary)
  }

  /// Random bursts far enough apart that each drains before the next: each burst of `b`
  /// requests loses exactly `max(0, b - ceiling)` to overload, whatever the policy, and the
  /// simulator never holds more than the ceiling (held and queued requests count too).
  @Test(arguments: 0..<8)
  func theCeilingHoldsOverRandomBursts(seed: Int) throws {
    var random = SplitMix64(seed: UInt64(seed), stream: "bursts")
    let ceiling = 1 + Int(random.next() % 150)
    let sizes = (0..<4).map { _ in 1 + Int(random.next() % 300) }
    var records: [TraceRecord] = []
    for (i, size) in sizes.enumerated() { records += Self.burst(size, at: Int64(i) * 600, tenants: 4) }
    let policies: [RoutingPolicyKind] = [.p2c, .muSubset, .roundRobin, .muLeast]
    let policy = policies[seed % policies.count]
    // The queue spill policy holds requests at the router: those count against the ceiling too.
    let spill: SpillPolicy = seed >= 4 ? .queue : .global
    let run = try replay(records, configuration: Self.configuration(pods: 2, maxWaiting: ceiling, spill: spill), policy: policy)
    let expected = sizes.map { max(0, $0 - ceiling) }.reduce(0, +)
    #expect(run.rejectedOverload == expected, "ceiling \(ceiling) bursts \(sizes) \(policy)")
    #expect(run.peakInSimulator <= ceiling)
    #expect(run.peakInSimulator == min(ceiling, sizes.max() ?? 0))
    #expect(run.completed + run.rejected + run.lost == run.offered)
    #expect(run.offered == records.count)
  }

  @Test func theCeilingMustBePositive() {
    var configuration = smallConfiguration(pods: 2)
    configuration.maxWaiting = 0
    #expect(throws: ConfigurationError.self) { try configuration.validate() }
    configuration.maxWaiting = -5
    #expect(throws: ConfigurationError.self) { try configuration.validate() }
    configuration.maxWaiting = 1
    #expect(throws: Never.self) { try configuration.validate() }
  }

  @Test func settingsTakeTheCeilingFromTheScenarioAndCheckIt() throws {
    let scenario = try Scenario.parse("fleet: {max_waiting: 5000}\n", path: "s.yaml")
    var settings = ReplaySettings()
    #expect(settings.maxWaiting == ReplayConfiguration.defaultMaxWaiting)
    settings.apply(scenario)
    #expect(try settings.configuration(blockSize: nil).maxWaiting == 5_000)
    settings.maxWaiting = 0
    #expect(throws: ConfigurationError.self) { try settings.configuration(blockSize: nil) }
  }
}
