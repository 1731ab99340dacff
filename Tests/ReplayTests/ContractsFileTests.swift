import Testing
@testable import Replay

@Suite struct ContractsFileTests {
  @Test func readsTheDocumentedExample() throws {
    let contracts = try ContractsFile.parse(
      """
      tenants:
        globex: {reserved_mu_per_min: 20, burst_seconds: 30}
        acme: {reserved_mu_per_min: 50}
      best_effort_mu_per_min: 200
      over_contract: queue
      max_queue_seconds: 5
      """, path: "c.yaml")
    #expect(contracts.tenants.map(\.name) == ["acme", "globex"])  // sorted by name
    #expect(contracts.contract(for: "acme")?.reservedMUPerMinute == 50)
    #expect(contracts.contract(for: "acme")?.burstSeconds == Contracts.defaultBurstSeconds)
    #expect(contracts.contract(for: "globex")?.burstSeconds == 30)
    #expect(contracts.contract(for: "initech") == nil)
    #expect(contracts.bestEffortMUPerMinute == 200)
    #expect(contracts.overContract == .queue)
    #expect(contracts.maxQueue == .seconds(5))
  }

  @Test func unknownKeyNamesFileLineKeyPathAndKnownKeys() {
    do {
      _ = try ContractsFile.parse("tenants:\n  acme: {reserved_mu_per_minute: 50}\n", path: "c.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 2)
      #expect(error.description.contains("c.yaml:2: 'tenants.acme.reserved_mu_per_minute' is an unknown key"))
      #expect(error.description.contains("reserved_mu_per_min, burst_seconds"))
    }
  }

  @Test func badValuesSayWhatToWrite() {
    let cases: [(String, String)] = [
      ("tenants: {acme: {reserved_mu_per_min: -5}}", "'tenants.acme.reserved_mu_per_min' must be a positive number"),
      ("tenants: {acme: {burst_seconds: 5}}", "'tenants.acme' is missing reserved_mu_per_min"),
      ("over_contract: drop", "'over_contract' must be reject or queue"),
      ("best_effort_mu_per_min: lots", "e.g. `best_effort_mu_per_min: 200`"),
      // Seconds past the nanosecond clock (fuzzing found 6e60 trapping) are refused.
      ("max_queue_seconds: 6e60", "'max_queue_seconds' must be a number of seconds from 0 to 1e9"),
      ("best_effort_burst_seconds: 1e10", "'best_effort_burst_seconds' must be a positive number of seconds up to 1e9"),
      ("tenants: {acme: {reserved_mu_per_min: 5, burst_seconds: .inf}}", "'tenants.acme.burst_seconds' must be a positive number"),
      ("tenants: [acme]", "'tenants' must be a mapping"),
      ("- 1", "the top level must be a mapping"),
      ("tenants:\n  acme: {reserved_mu_per_min: 5}\n  acme: {reserved_mu_per_min: 6}", "duplicated key(s): 'acme'"),  // YAML itself forbids it
    ]
    for (text, expected) in cases {
      do {
        _ = try ContractsFile.parse(text, path: "c.yaml")
        Issue.record("expected an error for \(text)")
      } catch {
        #expect(error.description.contains(expected), "\(error.description)")
      }
    }
  }

  @Test func missingFileIsATypedError() {
    #expect(throws: ContractsError.self) { try ContractsFile.load(path: "/nonexistent/contracts.yaml") }
  }
}
