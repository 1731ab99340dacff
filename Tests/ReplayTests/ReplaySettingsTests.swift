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
    #expect(settings.policies == [.p2c])
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
    // A value its setting does not read is refused where it is written, naming the key.
    #expect(throws: ScenarioError(path: "s.yaml", message: "sharding.subset_size '3:2': use N or MIN:MAX with 1 <= MIN <= MAX")) {
      try Scenario.parse("sharding: {subset_size: \"3:2\"}", path: "s.yaml")
    }
    var settings = ReplaySettings()
    settings.profile = "no-such-gpu"
    do {
      _ = try settings.configuration(blockSize: nil)
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("--profile / fleet.profile 'no-such-gpu'"))
    }
  }

  @Test func durationsBeyondTheClockAreErrorsNotTraps() {
    // 1e300 s (or NaN) is no number of nanoseconds: each is refused, naming the flag and key.
    let cases: [(WritableKeyPath<ReplaySettings, Double>, String)] = [
      (\.reportIntervalSeconds, "--report-interval / fleet.report_interval_s"),
      (\.reportDelaySeconds, "--report-delay / fleet.report_delay_s"),
      (\.windowSeconds, "--window / window_s"),
    ]
    for (key, names) in cases {
      for value in [1e300, .nan, -1, .infinity] {
        var settings = ReplaySettings()
        settings[keyPath: key] = value
        do {
          _ = try settings.configuration(blockSize: nil)
          Issue.record("expected an error for \(names) \(value)")
        } catch {
          #expect(error.description.contains(names), "\(error.description)")
          #expect(error.description.contains("from 0 to 1e9"), "\(error.description)")
        }
      }
    }
    var settings = ReplaySettings()
    settings.propagationDelaySeconds = 1e300
    #expect(throws: ConfigurationError.self) { try settings.configuration(blockSize: nil) }
    settings = ReplaySettings()
    settings.loadBalancingIntervalSeconds = -.infinity
    #expect(throws: ConfigurationError.self) { try settings.configuration(blockSize: nil) }
    // The limit itself is accepted: a billion-second window with one-second reports.
    settings = ReplaySettings()
    settings.windowSeconds = 1e9
    #expect(throws: Never.self) { try settings.configuration(blockSize: nil) }
  }

  @Test func defaultsBuildTheDefaultConfiguration() throws {
    let configuration = try ReplaySettings().configuration(blockSize: nil)
    #expect(configuration.pods == 8)
    #expect(configuration.contracts == nil)
    #expect(configuration.measuredFrom == nil)
  }

  @Test func choiceSettingsIgnoreCase() throws {
    var settings = ReplaySettings()
    settings.apply(
      try Scenario.parse(
        """
        fleet: {predictor: ORACLE, arrivals: Closed-Loop, pod_mode: STEPPING, scheduler: Prefill-First}
        sharding: {spill: Queue, shard_key: TENANT}
        policies: [P2C]
        """, path: "s.yaml"))
    #expect(settings.scheduler == .prefillFirst && settings.shardKey == .tenant && settings.policies == [.p2c])
    let configuration = try settings.configuration(blockSize: nil)
    #expect(configuration.predictor == .oracle && configuration.arrivals == .closedLoop)
    #expect(configuration.podMode == .stepping && configuration.routing.spillPolicy == .queue)
  }

  /// A misspelled choice in a scenario names the key, the names, and the closest one.
  @Test(arguments: [
    ("fleet: {predictor: tenant-maen}", "fleet.predictor 'tenant-maen': use one of tenant-mean, oracle; did you mean 'tenant-mean'?"),
    ("fleet: {arrivals: closed-lop}", "fleet.arrivals 'closed-lop': use one of logged, closed-loop; did you mean 'closed-loop'?"),
    ("fleet: {pod_mode: steping}", "fleet.pod_mode 'steping': use one of event, stepping; did you mean 'stepping'?"),
    ("sharding: {spill: globl}", "sharding.spill 'globl': use one of global, queue, reject, none; did you mean 'global'?"),
    (
      "policies: [p2c, mu-subst]",
      "policies[1] 'mu-subst': use one of round-robin, random, least-request, p2c, token-aware, mu-least, consistent-hash, chwbl, sglang-cache-aware, dynamo-kv, llm-d, prefix-aware, mu-subset, dicer-random; did you mean 'mu-subset'?"
    ),
    ("fleet: {capacity_reference: x}", "unknown key 'capacity_reference' under 'fleet'"),
  ])
  func aMisspelledChoiceGetsASuggestion(_ yaml: String, _ message: String) {
    do {
      _ = try Scenario.parse(yaml, path: "s.yaml")
      Issue.record("expected an error for \(yaml)")
    } catch {
      #expect(error.description.hasPrefix("s.yaml: \(message)"), "\(error.description)")
    }
  }
}
