import Testing
import Routing
import Traces
@testable import Replay

@Suite struct ScenarioTests {
  @Test func readsEverySectionWithSnakeCaseKeys() throws {
    let scenario = try Scenario.parse(
      """
      fleet: {pods: 16, profile: llama-3-70b-h100-tp2, mu_per_minute: 120, routers: 2, report_delay_s: 0.5}
      policies: [p2c, mu-subset]
      baseline: p2c
      seed: 7
      window_s: 30
      sharding: {shard_key: tenant, subset_size: "2:4", spill: queue, spill_factor: 1.5}
      routing: {bounded_load_factor: 1.5, llmd_prefix_weight: 4}
      """, path: "s.yaml")
    #expect(scenario.fleet?.pods == 16)
    #expect(scenario.fleet?.muPerMinute == 120)
    #expect(scenario.fleet?.reportDelayS == 0.5)
    #expect(scenario.policies?.map(\.value) == [.p2c, .muSubset])
    #expect(scenario.baseline?.value == .p2c)
    #expect(scenario.sharding?.shardKey?.value == .tenant)
    #expect(scenario.seed == 7)
    #expect(scenario.windowS == 30)
    #expect(scenario.sharding?.subsetSize?.value == SubsetSize(min: 2, max: 4))
    #expect(scenario.sharding?.spill?.value == .queue)
    #expect(scenario.routing?.boundedLoadFactor == 1.5)
    #expect(scenario.routing?.llmdPrefixWeight == 4)
  }

  @Test func emptyFileIsAnEmptyScenario() throws {
    #expect(try Scenario.parse("", path: "s.yaml") == Scenario())
  }

  @Test func misspeltKeyIsAnErrorNamingItAndTheKnownKeys() {
    do {
      _ = try Scenario.parse("fleet: {podz: 3}", path: "s.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("s.yaml: unknown key 'podz' under 'fleet'"))
      #expect(error.description.contains("pods"))
    }
  }

  @Test func wrongTypeNamesTheKeyPath() {
    do {
      _ = try Scenario.parse("fleet: {pods: many}", path: "s.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("fleet.pods"))
    }
  }

  @Test func notYAMLIsAnError() {
    #expect(throws: ScenarioError.self) { try Scenario.parse("fleet: [unclosed", path: "s.yaml") }
    #expect(throws: ScenarioError.self) { try Scenario.parse("- just\n- a list", path: "s.yaml") }
  }

  @Test func contractsSectionIsReadWithTheContractsSchema() throws {
    let scenario = try Scenario.parse(
      """
      fleet: {pods: 4}
      contracts:
        tenants:
          acme: {reserved_mu_per_min: 50, burst_seconds: 20}
        best_effort_mu_per_min: 10
      """, path: "s.yaml")
    #expect(scenario.contracts?.contract(for: "acme")?.burstSeconds == 20)
    #expect(scenario.contracts?.bestEffortMUPerMinute == 10)
    #expect(try Scenario.parse("fleet: {pods: 4}", path: "s.yaml").contracts == nil)
  }

  @Test func badContractsNameTheLineAndTheKeyPathUnderContracts() {
    do {
      _ = try Scenario.parse("seed: 1\ncontracts:\n  tenants: {acme: {reserved: 5}}\n", path: "s.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("s.yaml: line 3: 'contracts.tenants.acme.reserved' is an unknown key"), "\(error)")
    }
  }
}

@Suite struct FleetEventsFileTests {
  static func epoch(_ text: String) throws -> Int64 { try #require(DateTimeText.epochNanoseconds(text)) }

  @Test func rfc3339TimesArePlacedOnTheReplaysClock() throws {
    let start = try Self.epoch("2026-11-24T14:00:00Z")
    let events = try FleetEventsFile.parse(
      """
      {"t": "2026-11-24T14:05:00Z", "event": "pod_down", "pod": 3}
      {"t": 60, "event": "pod_up", "pod": 3}
      {"t": "2026-11-24 15:00:00.5+01:00", "event": "slow_pod", "pod": 1, "factor": 2}
      """, path: "e.jsonl", pods: 8, clock: EventClock(start: start))
    #expect(events.map(\.time.nanoseconds) == [0_500_000_000, 60_000_000_000, 300_000_000_000])
    // Under --speedup 2 an event ten minutes into the log comes five replayed minutes in.
    let scale = TimeScale(speedup: 2, origin: start)
    let fast = try FleetEventsFile.parse(
      "{\"t\": \"2026-11-24T14:10:00Z\", \"event\": \"pod_down\", \"pod\": 0}", path: "e.jsonl", pods: 8,
      clock: EventClock(start: scale.apply(start), scale: scale))
    #expect(fast.map(\.time.nanoseconds) == [300_000_000_000])
  }

  @Test(arguments: [
    ("2026-11-24T13:59:59Z", "before the replay's first request"),
    ("2026-11-24T14:00:00Z", "needs the log's clock"),
    ("2026-11-24T14:01:00Z", "count seconds from its start"),
  ])
  func rfc3339TimesThatCannotBePlacedAreErrors(time: String, expected: String) throws {
    let clock: EventClock? =
      switch expected {
      case "needs the log's clock": nil
      case "count seconds from its start": EventClock(start: 5_000_000_000)
      default: EventClock(start: try Self.epoch("2026-11-24T14:00:00Z"))
      }
    do {
      _ = try FleetEventsFile.parse(
        "{\"t\": \"\(time)\", \"event\": \"pod_down\", \"pod\": 0}", path: "e.jsonl", pods: 8, clock: clock)
      Issue.record("expected an error for \(time)")
    } catch {
      #expect(error.description.contains("e.jsonl:1: field 't'") && error.description.contains(expected), "\(error)")
    }
  }

  @Test func parsesEveryKindSortedByTimeAndStable() throws {
    let events = try FleetEventsFile.parse(
      """
      # incident 2026-11-20
      {"t": 600, "event": "pod_down", "pod": 3}
      {"t": 60, "event": "slow_pod", "pod": 1, "factor": 2.5}

      {"t": 600, "event": "sharder_outage", "duration": 120}
      {"t": 900, "event": "pod_up", "pod": 3}
      {"t": 30, "event": "planned_termination", "pod": 0}
      """, path: "e.jsonl", pods: 8)
    #expect(events.map(\.label) == ["pod 0 terminating", "pod 1 slow x2.5", "pod 3 down", "sharder out 120 s", "pod 3 up"])
    #expect(events[2].time.nanoseconds == 600_000_000_000)
  }

  @Test(arguments: [
    ("{\"event\": \"pod_down\", \"pod\": 1}", "e.jsonl:1: field 't'"),
    ("{\"t\": 1, \"event\": \"pod_explodes\", \"pod\": 1}", "unknown event 'pod_explodes'"),
    ("{\"t\": 1, \"event\": \"pod_down\"}", "field 'pod'"),
    ("{\"t\": 1, \"event\": \"slow_pod\", \"pod\": 1, \"factor\": 0.5}", "field 'factor'"),
    ("{\"t\": -5, \"event\": \"pod_down\", \"pod\": 1}", "field 't'"),
    ("not json", "e.jsonl:1: not a JSON object"),
  ])
  func badLinesNameTheLineAndField(line: String, expected: String) {
    do {
      _ = try FleetEventsFile.parse(line, path: "e.jsonl", pods: 4)
      Issue.record("expected an error for \(line)")
    } catch {
      #expect(error.description.contains(expected), "\(error.description)")
    }
  }

  /// Every key the schema accepts is decoded into the scenario: a key accepted but not read
  /// would be silently ignored. (`contracts` has its own tests.)
  @Test func everyAcceptedKeyIsDecoded() throws {
    var texts: [String] = []
    for (level, keys) in Scenario.schema {
      for key in keys where !Scenario.separatelyParsedKeys.contains(key) && Scenario.schema[key] == nil {
        // Keys read as a named choice take one of their names; the rest a number (or its text).
        let names = [
          "policies": "[p2c]", "baseline": "p2c", "pod_mode": "event", "predictor": "oracle", "arrivals": "logged",
          "scheduler": "chunked", "shard_key": "session", "spill": "global",
        ]
        let value = names[key] ?? "1"
        texts.append(level.isEmpty ? "\(key): \(value)" : "\(level): {\(key): \(value)}")
      }
    }
    #expect(texts.count == 4 + 13 + 7 + 11)
    for text in texts {
      let scenario = try Scenario.parse(text, path: "s.yaml")
      #expect(scenario != Scenario(), "'\(text)' is accepted but not decoded")
    }
  }

  /// The known keys an error lists are the coding keys, in their declaration order.
  @Test func theSchemaListsTheDecodedKeysInOrder() {
    #expect(Scenario.schema[""] == ["fleet", "policies", "baseline", "seed", "window_s", "sharding", "routing", "contracts"])
    #expect(Scenario.schema["fleet"]?.first == "pods" && Scenario.schema["fleet"]?.last == "router_scale")
    #expect(Scenario.schema["routing"]?.count == 11)
  }
}
