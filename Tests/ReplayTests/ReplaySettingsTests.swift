import Testing
@testable import Replay

@Suite struct ReplaySettingsTests {
  @Test func scenarioOverridesDefaultsAndLaterAssignmentsOverrideTheScenario() throws {
    let scenario = try Scenario.parse(
      """
      fleet: {pods: 16, routers: 2}
      policies: [p2c]
      sharding: {subset_size: "2:4", imbalance_tolerance: 0.2}
      routing: {bounded_load_factor: 1.5}
      contracts: {best_effort_mu_per_min: 50}
      """, path: "s.yaml")
    var settings = ReplaySettings()
    settings.apply(scenario)
    #expect(settings.pods == 16)
    #expect(settings.routers == 2)
    #expect(settings.muPerMinute == ReplaySettings().muPerMinute)  // not in the scenario: the default
    #expect(settings.policies == ["p2c"])
    #expect(settings.contracts?.bestEffortMUPerMinute == 50)
    settings.pods = 4  // what a --pods 4 flag does after the scenario
    let configuration = try settings.configuration(blockSize: nil)
    #expect(configuration.pods == 4)
    #expect(configuration.routers == 2)
    #expect(configuration.sharding.minReplicas == 2)
    #expect(configuration.sharding.maxReplicas == 4)
    #expect(configuration.sharding.imbalanceTolerance == 0.2)
    #expect(configuration.routing.boundedLoadFactor == 1.5)
    #expect(configuration.contracts?.bestEffortMUPerMinute == 50)
  }

  @Test func errorsNameTheFlagAndTheScenarioKey() {
    var settings = ReplaySettings()
    settings.subsetSize = "3:2"
    #expect(throws: ConfigurationError.self) { try settings.configuration(blockSize: nil) }
    do {
      _ = try settings.configuration(blockSize: nil)
    } catch {
      #expect(error.description.contains("--subset-size / sharding.subset_size '3:2'"))
    }
    settings = ReplaySettings()
    settings.profile = "no-such-gpu"
    do {
      _ = try settings.configuration(blockSize: nil)
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("--profile / fleet.profile 'no-such-gpu'"))
    }
  }

  @Test func defaultsBuildTheDefaultConfiguration() throws {
    let configuration = try ReplaySettings().configuration(blockSize: nil)
    #expect(configuration.pods == 8)
    #expect(configuration.contracts == nil)
    #expect(configuration.measuredFrom == nil)
  }
}
