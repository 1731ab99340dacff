import Testing
import Workload
@testable import Synth

/// The scenario knobs `HotTenant` and `LongContextStorm`.
@Suite struct ScenarioTests {
  private func inWindow(_ record: TraceRecord, from start: Double, to end: Double) -> Bool {
    let seconds = Double(record.arrivalNanos) / 1e9
    return seconds >= start && seconds < end
  }

  @Test func hotTenantWindowRaisesThatTenantsShare() throws {
    var configuration = flatConfiguration(requests: 6_000)
    configuration.tenants = TenantMix(count: 8, zipfExponent: 1)
    configuration.hotTenant = HotTenant(tenant: 5, multiplier: 10, startSeconds: 20, durationSeconds: 20)
    let records = try generateAll(configuration)
    // Outside: (1/6)/H_8 = 0.061. Inside: (10/6)/(H_8 − 1/6 + 10/6) = 1.667/4.218 = 0.395.
    let inside = records.filter { inWindow($0, from: 20, to: 40) }
    let outside = records.filter { !inWindow($0, from: 20, to: 40) }
    let share: ([TraceRecord]) -> Double = { group in
      Double(group.filter { $0.tenant == "tenant-5" }.count) / Double(group.count)
    }
    #expect(abs(share(inside) - 0.395) < 0.05)
    #expect(abs(share(outside) - 0.061) < 0.03)
  }

  @Test func stormWindowRaisesLongPrompts() throws {
    var configuration = flatConfiguration(requests: 6_000)
    configuration.longContextStorm = LongContextStorm(
      startSeconds: 20, durationSeconds: 20, fraction: 0.25, minTokens: 32_000, maxTokens: 100_000)
    let records = try generateAll(configuration)
    let longFraction: ([TraceRecord]) -> Double = { group in
      Double(group.filter { $0.inputTokens >= 32_000 }.count) / Double(group.count)
    }
    let before = records.filter { inWindow($0, from: 0, to: 20) }
    let inside = records.filter { inWindow($0, from: 20, to: 40) }
    #expect(longFraction(before) < 0.01)
    // A quarter of the window's arrivals open long sessions; their follow-ups are long too.
    #expect(longFraction(inside) > 0.22)
    #expect(inside.allSatisfy { $0.inputTokens <= configuration.prompts.contextLimit })
  }
}
