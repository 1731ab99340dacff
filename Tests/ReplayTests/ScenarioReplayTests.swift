import Foundation
import Routing
import Testing
@testable import Replay

/// The documented example scenario replays end to end.
@Suite struct ScenarioReplayTests {
  static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/scenario.example.yaml").path

  @Test func exampleScenarioReplays() async throws {
    let scenario = try Scenario.load(path: Self.example)
    var settings = ReplaySettings()
    settings.apply(scenario)
    let configuration = try settings.configuration(blockSize: nil)
    #expect(configuration.pods == 8)
    #expect(configuration.routers == 2)
    #expect(configuration.seed == 7)
    #expect(configuration.contracts?.overContract == .queue)
    let policies = settings.policies
    #expect(policies == [.p2c, .muSubset])
    let records = try synthRecords(requests: 300, ratePerSecond: 16)
    let runs = try await ReplayRunner.run(policies: policies, configuration: configuration) {
      ArrayRecordSource(records)
    }
    #expect(runs.map(\.policy) == ["p2c", "mu-subset"])
    for run in runs {
      #expect(run.offered == records.count)
      #expect(run.completed + run.rejected == run.offered)
      #expect(run.admission?.offered == records.count)
    }
    #expect(runs[1].sharding != nil)
  }
}
