import Testing
import Workload
@testable import Synth

@Suite struct AgenticWorkloadTests {
  /// An agentic log with 64-token blocks, as the benchmarks use it.
  static func records(requests: Int, seed: UInt64 = 7) throws -> [TraceRecord] {
    var configuration = SynthConfiguration(requests: requests, seed: seed, blockSize: 64, load: .requestsPerSecond(10))
    SynthWorkload.agentic.apply(to: &configuration)
    return try generateAll(configuration)
  }

  @Test func meanPromptIsAboveFiftyThousandTokens() throws {
    let records = try Self.records(requests: 10_000)
    let mean = Double(records.map(\.inputTokens).reduce(0, +)) / Double(records.count)
    #expect(mean >= 50_000 && mean <= 100_000, "mean prompt \(mean)")
    #expect(records.allSatisfy { $0.inputTokens <= 131_072 })
    #expect(records.allSatisfy { $0.prefixBlocks.count == $0.inputTokens / 64 })
  }

  @Test func turnsGrowTheirSessionsPrefixChain() throws {
    var last: [String: TraceRecord] = [:]
    var followUps = 0
    var longSessions = Set<String>()
    for record in try Self.records(requests: 4_000) {
      let session = try #require(record.session)
      if let previous = last[session] {
        followUps += 1
        // The new prompt extends the previous prompt and its answer: every full block carries over.
        #expect(record.inputTokens > previous.inputTokens + previous.outputTokens)
        #expect(Array(record.prefixBlocks.prefix(previous.prefixBlocks.count)) == previous.prefixBlocks)
        if record.inputTokens >= 60_000 { longSessions.insert(session) }
      }
      last[session] = record
    }
    #expect(followUps >= 3_000, "most requests continue a session")
    #expect(longSessions.count >= 10, "sessions grow to tens of thousands of tokens")
  }

  @Test func chatPresetIsTheDefaultConfiguration() {
    var configuration = SynthConfiguration()
    SynthWorkload.agentic.apply(to: &configuration)
    #expect(configuration != SynthConfiguration())
    SynthWorkload.chat.apply(to: &configuration)
    #expect(configuration == SynthConfiguration())
    #expect(SynthWorkload.chat.podCapacity == LoadSizing.defaultPodCapacity)
  }
}
