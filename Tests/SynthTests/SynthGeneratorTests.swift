import Testing
import Workload
@testable import Synth

@Suite struct SynthGeneratorTests {
  @Test func sameConfigurationAndSeedGiveIdenticalRecords() throws {
    let configuration = SynthConfiguration(requests: 3_000, seed: 5, load: .requestsPerSecond(50))
    let first = try generateAll(configuration)
    let second = try generateAll(configuration)
    #expect(first.count == 3_000)
    #expect(first == second)
    var other = configuration
    other.seed = 6
    #expect(try generateAll(other) != first)
  }

  @Test func zeroRequestsGiveNoRecords() throws {
    #expect(try generateAll(flatConfiguration(requests: 0)).isEmpty)
  }

  @Test func arrivalsAreNonDecreasingAndStartAtTheGivenOrigin() throws {
    var configuration = SynthConfiguration(requests: 4_000, seed: 3, load: .requestsPerSecond(200))
    configuration.startNanos = 1_700_000_000_000_000_000
    let records = try generateAll(configuration)
    #expect(records.first?.arrivalNanos == configuration.startNanos)
    for (earlier, later) in zip(records, records.dropFirst()) {
      #expect(earlier.arrivalNanos <= later.arrivalNanos)
    }
  }

  @Test func recordsCarryConsistentFields() throws {
    var configuration = flatConfiguration(requests: 3_000)
    configuration.prompts.maxTokens = 300
    configuration.prompts.contextLimit = 4_000
    let records = try generateAll(configuration)
    for (index, record) in records.enumerated() {
      #expect(record.id == "r\(index)")
      let tenant = try #require(record.tenant)
      #expect(tenant.hasPrefix("tenant-"))
      #expect(record.session?.hasPrefix(tenant + "/s") == true)
      #expect(record.model == "llama-3-8b")
      #expect(record.maxTokens == 300)
      #expect(record.blockSize == 16)
      #expect(record.prefixBlocks.count == record.inputTokens / 16)
      #expect(record.inputTokens >= 1 && record.inputTokens <= 4_000)
      #expect(record.outputTokens >= 1 && record.outputTokens <= 300)
    }
  }

  @Test func followUpTurnsExtendThePreviousPromptAndAnswer() throws {
    var configuration = flatConfiguration(requests: 3_000, rate: 50)
    configuration.sessions.newSessionProbability = 0.05
    configuration.sessions.turnsTailIndex = 0.8
    configuration.sessions.thinkTimeSeconds = Lognormal(median: 2, sigma: 0.5)
    var previous: [String: TraceRecord] = [:]
    var followUps = 0
    for record in try generateAll(configuration) {
      let session = try #require(record.session)
      if let last = previous[session] {
        followUps += 1
        // The new prompt is the last prompt, its answer and a non-empty message, so every full
        // block of the last prompt is a leading block of the new one, and new blocks follow.
        #expect(record.inputTokens > last.inputTokens + last.outputTokens)
        #expect(Array(record.prefixBlocks.prefix(last.prefixBlocks.count)) == last.prefixBlocks)
        #expect(record.prefixBlocks.count > last.prefixBlocks.count)
      }
      previous[session] = record
    }
    // With 5 % new sessions and long conversations, most arrivals are follow-ups.
    #expect(followUps > 1_500)
  }

  @Test func sessionsOfATenantShareTheSystemPromptAndTenantsDoNot() throws {
    let records = try generateAll(flatConfiguration(requests: 2_000))
    var firstBlockByTenant: [String: Set<UInt64>] = [:]
    for record in records where record.prefixBlocks.count > 0 {
      firstBlockByTenant[record.tenant ?? "", default: []].insert(record.prefixBlocks[0])
    }
    // Default system prompts have a median of 200 tokens, so their first block is full and shared.
    for (_, firstBlocks) in firstBlockByTenant { #expect(firstBlocks.count == 1) }
    let distinct = Set(firstBlockByTenant.values.compactMap(\.first))
    #expect(distinct.count == firstBlockByTenant.count)
    #expect(firstBlockByTenant.count >= 10)
  }

  @Test func activeSessionsNeverExceedTheBound() throws {
    // New sessions nine times in ten: far more sessions are opened than resumed, so the pool
    // would grow without the bound.
    var configuration = flatConfiguration(requests: 4_000)
    configuration.sessions.newSessionProbability = 0.9
    configuration.sessions.maxActiveSessions = 64
    var generator = try SynthGenerator(configuration: configuration)
    var largest = 0
    while generator.next() != nil {
      largest = max(largest, generator.activeSessionCount)
      #expect(generator.activeSessionCount <= 64)
    }
    #expect(largest == 64)
  }

  @Test func singleTurnTrafficKeepsNoSessions() throws {
    var configuration = flatConfiguration(requests: 1_000)
    configuration.sessions.newSessionProbability = 1
    var generator = try SynthGenerator(configuration: configuration)
    var sessionNames = Set<String>()
    while let record = generator.next() {
      #expect(generator.activeSessionCount == 0)
      sessionNames.insert(record.session ?? "")
    }
    #expect(sessionNames.count == 1_000)
  }

  @Test func sessionsEndAtTheContextLimit() throws {
    var configuration = flatConfiguration(requests: 3_000)
    configuration.prompts.contextLimit = 1_500
    configuration.sessions.newSessionProbability = 0
    configuration.sessions.turnsTailIndex = 0.5
    configuration.sessions.thinkTimeSeconds = Lognormal(median: 0.5, sigma: 0.3)
    let records = try generateAll(configuration)
    #expect(records.allSatisfy { $0.inputTokens <= 1_500 })
    // Sessions run several turns and grow close to the limit before it ends them.
    #expect(Set(records.compactMap(\.session)).count < records.count / 2)
    #expect(records.contains { $0.inputTokens > 1_200 })
  }

  @Test func invalidConfigurationIsRejectedWithTheField() {
    var configuration = flatConfiguration(requests: 10)
    configuration.tenants.count = 0
    #expect(throws: SynthConfigurationError.self) { try SynthGenerator(configuration: configuration) }
    do {
      _ = try SynthGenerator(configuration: configuration)
    } catch {
      #expect(error.field == "tenants.count")
      #expect(error.description.contains("tenants.count is 0"))
    }
  }

  @Test func defaultLengthMixIsCloseToTheAzureConversationTrace() throws {
    // Azure 2023 conversation trace: input mean 1,155, output mean 211 tokens.
    var configuration = SynthConfiguration(requests: 6_000, seed: 2, load: .requestsPerSecond(100))
    configuration.rate = .flat
    let records = try generateAll(configuration)
    let inputMean = Double(records.map(\.inputTokens).reduce(0, +)) / Double(records.count)
    let outputMean = Double(records.map(\.outputTokens).reduce(0, +)) / Double(records.count)
    #expect(inputMean > 700 && inputMean < 1_600)
    #expect(outputMean > 170 && outputMean < 250)
  }
}
