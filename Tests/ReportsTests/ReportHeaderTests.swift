import Testing

@testable import Reports

/// The report header is worded in Reports from values the command line passes.
@Suite struct ReportHeaderTests {
  static var run: RunSettings {
    var run = RunSettings()
    (run.pods, run.profile, run.muPerMinute, run.routers, run.seed) = (4, "llama-3-8b-a100", 100, 2, 7)
    (run.podCapacityMU, run.saturationBatch, run.referenceInputTokens, run.referenceOutputTokens) = (12.5, 16, 1_200, 300)
    (run.reportIntervalSeconds, run.reportDelaySeconds, run.calibrationSample) = (1, 0.1, 1_000)
    (run.shardKey, run.subsetSize, run.spill, run.spillFactor) = ("session", "2:4", "queue", 1.25)
    return run
  }

  @Test func aReplayHeaderStatesTheFleetThenWhatTheRunAdded() {
    var run = Self.run
    run.scheduler = "prefill-first"
    run.believedProfile = "llama-3-8b-a100"
    run.routerScale = "prefill=1.2"
    run.speedup = 1.5
    let lines = ReportHeader.replay(
      run, policies: ["p2c", "mu-subset"], usesKeySubsets: true, window: WindowSettings(from: "60", to: nil, warmupSeconds: 0))
    #expect(lines.map(\.name) == ["pods", "policies", "model units", "pod capacity", "routers", "seed", "routers believe", "key subsets", "window", "speedup"])
    #expect(lines[0].value == "4 x llama-3-8b-a100 (prefill-first scheduler)")
    #expect(lines[3].value == "12.5 MU in flight: 16 requests of 1,200 prompt / 300 output tokens (the mean of the log's first 1,000 requests)")
    #expect(lines[4].value == "2, load reports every 1 s arriving after 0.1 s")
    #expect(lines[7].value == "shard key session, subset size 2:4, spill queue above 1.25 x fleet mean")
    #expect(lines[8].value == "log from 60 s to its end, no warm-up")
    #expect(lines[9].value == "arrivals 1.5 x as dense as the log")
  }

  @Test func aSweepHeaderListsTheSweptValuesAndWhatTheRoutersBelieve() {
    var run = Self.run
    run.believedProfile = "llama-3-70b-h100-tp2"
    let lines = ReportHeader.sweep(
      run, swept: SweptValues(policies: ["mu-subset"], subsetSizes: ["1", "2"], pods: [8, 16], spills: ["global"], muPerMinute: [100]))
    #expect(lines.first { $0.name == "routers believe" }?.value == "llama-3-70b-h100-tp2 (the pods run llama-3-8b-a100)")
    #expect(lines.first { $0.name == "swept pods" }?.value == "8, 16")
    #expect(!lines.contains { $0.name == "speedup" })
  }
}
