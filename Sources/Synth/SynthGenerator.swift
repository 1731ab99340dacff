import Foundation
import SimCore
import Workload

/// A seeded, streaming generator of realistic request logs: records come in arrival order, one per
/// `next()`, and memory is bounded by the active sessions, never by the number of records.
///
/// Per arrival: the time comes from the rate curve; the tenant from the Zipf table (the hot one in
/// its window); then the arrival either resumes the tenant's longest-waiting ready session (its
/// prompt extended by the last answer and a follow-up message) or opens a new session (the
/// tenant's system prompt plus a first message, or a very long prompt inside a storm window).
/// Every concern draws from its own `SplitMix64` stream, so the same configuration gives the same
/// records.
public struct SynthGenerator: IteratorProtocol, Sequence, Sendable {
  /// The configuration this generator follows.
  public let configuration: SynthConfiguration

  private var clock: ArrivalClock
  private var sessions: SessionPool
  private let tenantTable: ZipfTable
  private let hotTable: ZipfTable?
  private let hotWindow: Range<Int64>
  private let stormWindow: Range<Int64>
  private let tenantNames: [String]
  private let systemPromptTokens: [Int]
  private let systemPromptBlocks: [[UInt64]]
  private let sessionSalt: UInt64
  private let idleTimeoutNanos: Int64

  private var tenantRandom: SplitMix64
  private var sessionRandom: RandomStream
  private var lengthRandom: RandomStream
  private var thinkRandom: RandomStream
  private var stormRandom: RandomStream
  private var emitted = 0
  private var nextSessionSerial: UInt64 = 0

  /// A generator for `configuration`; throws when a knob cannot produce a log.
  public init(configuration: SynthConfiguration) throws(SynthConfigurationError) {
    try configuration.validate()
    self.configuration = configuration
    let seed = configuration.seed
    clock = ArrivalClock(meanRate: configuration.load.meanRequestsPerSecond, curve: configuration.rate, seed: seed)
    sessions = SessionPool(tenants: configuration.tenants.count, capacity: configuration.sessions.maxActiveSessions)
    let weights = ZipfTable.zipfWeights(count: configuration.tenants.count, exponent: configuration.tenants.zipfExponent)
    tenantTable = ZipfTable(weights: weights)
    if let hot = configuration.hotTenant {
      var hotWeights = weights
      hotWeights[hot.tenant] *= hot.multiplier
      hotTable = ZipfTable(weights: hotWeights)
      hotWindow = Self.window(start: hot.startSeconds, duration: hot.durationSeconds)
    } else {
      hotTable = nil
      hotWindow = 0..<0
    }
    if let storm = configuration.longContextStorm {
      stormWindow = Self.window(start: storm.startSeconds, duration: storm.durationSeconds)
    } else {
      stormWindow = 0..<0
    }
    tenantNames = (0..<configuration.tenants.count).map { "tenant-\($0)" }
    (systemPromptTokens, systemPromptBlocks) = Self.systemPrompts(configuration)
    sessionSalt = StableHash.combine(seed, StableHash.hash("synth.sessions"))
    idleTimeoutNanos = Int64(configuration.sessions.idleTimeoutSeconds * 1e9)
    tenantRandom = SplitMix64(seed: seed, stream: "synth.tenants")
    sessionRandom = RandomStream(seed: seed, stream: "synth.sessions")
    lengthRandom = RandomStream(seed: seed, stream: "synth.lengths")
    thinkRandom = RandomStream(seed: seed, stream: "synth.think")
    stormRandom = RandomStream(seed: seed, stream: "synth.storm")
  }

  /// Sessions held between turns right now; never more than `sessions.maxActiveSessions`.
  public var activeSessionCount: Int { sessions.count }

  /// The next record in arrival order, or nil after `requests` records.
  public mutating func next() -> TraceRecord? {
    guard emitted < configuration.requests else { return nil }
    let now = clock.nextArrival()
    sessions.wake(upTo: now)
    let tenant = pickTenant(at: now)
    var session: SessionState
    if stormWindow.contains(now), let storm = configuration.longContextStorm,
      stormRandom.nextUnit() < storm.fraction
    {
      let promptTokens = lengthRandom.nextLogUniform(storm.minTokens, storm.maxTokens)
      let message = Swift.max(1, promptTokens - systemPromptTokens[tenant])
      session = openSession(tenant: tenant, firstMessageTokens: message)
    } else if sessionRandom.nextUnit() >= configuration.sessions.newSessionProbability,
      var resumed = sessions.checkOut(tenant: tenant, now: now, idleTimeout: idleTimeoutNanos),
      extend(&resumed)
    {
      session = resumed
    } else {
      let limit = configuration.prompts.contextLimit - systemPromptTokens[tenant]
      let message = lengthRandom.nextTokens(configuration.prompts.firstMessageTokens, limit: limit)
      session = openSession(tenant: tenant, firstMessageTokens: message)
    }
    let prompts = configuration.prompts
    let output = lengthRandom.nextTokens(prompts.outputTokens, limit: prompts.maxTokens)
    let record = TraceRecord(
      arrivalNanos: Self.saturatingAdd(configuration.startNanos, now),
      inputTokens: session.promptTokens, outputTokens: output,
      id: DecimalLabel.make(prefix: UInt8(ascii: "r"), number: emitted), tenant: tenantNames[tenant], session: session.name, model: configuration.model,
      maxTokens: prompts.maxTokens, prefixBlocks: session.blocks, blockSize: configuration.blockSize)
    emitted += 1
    session.lastAnswerTokens = output
    // With new sessions on every arrival nothing is ever resumed, so nothing is worth keeping.
    let resumable = configuration.sessions.newSessionProbability < 1
    if resumable && session.turnsDone < session.turnsTotal && session.promptTokens + output < prompts.contextLimit {
      let think = thinkRandom.next(configuration.sessions.thinkTimeSeconds, cappedAt: 1e9)
      _ = sessions.checkIn(session, readyAt: Self.saturatingAdd(now, Int64(think * 1e9)))
    }
    return record
  }

  /// Picks the arrival's tenant from the Zipf shares in force at `now`.
  private mutating func pickTenant(at now: Int64) -> Int {
    if let hotTable, hotWindow.contains(now) { return hotTable.sample(&tenantRandom) }
    return tenantTable.sample(&tenantRandom)
  }

  /// A new session's first turn: the tenant's system prompt plus a first message.
  private mutating func openSession(tenant: Int, firstMessageTokens: Int) -> SessionState {
    let serial = nextSessionSerial
    nextSessionSerial += 1
    let turns = sessionRandom.nextParetoCount(
      tailIndex: configuration.sessions.turnsTailIndex, maximum: configuration.sessions.maxTurns)
    var session = SessionState(
      tenant: tenant, turnsDone: 1, turnsTotal: turns, promptTokens: systemPromptTokens[tenant],
      lastAnswerTokens: 0, contentKey: StableHash.combine(sessionSalt, serial),
      name: tenantNames[tenant] + "/s" + String(serial), blocks: systemPromptBlocks[tenant])
    appendSegment(StableHash.combine(session.contentKey, 0), length: firstMessageTokens, to: &session)
    return session
  }

  /// Extends a resumed session's prompt by its last answer and a follow-up message; false when
  /// that would pass the context limit (the session then ends).
  private mutating func extend(_ session: inout SessionState) -> Bool {
    let message = lengthRandom.nextTokens(
      configuration.prompts.followUpMessageTokens, limit: configuration.prompts.contextLimit)
    let total = session.promptTokens + session.lastAnswerTokens + message
    guard total <= configuration.prompts.contextLimit else { return false }
    let turn = UInt64(session.turnsDone)
    appendSegment(StableHash.combine(session.contentKey, 2 * turn - 1), length: session.lastAnswerTokens, to: &session)
    appendSegment(StableHash.combine(session.contentKey, 2 * turn), length: message, to: &session)
    session.turnsDone += 1
    return true
  }

  private func appendSegment(_ key: UInt64, length: Int, to session: inout SessionState) {
    PromptChain.append(
      segment: key, length: length, at: session.promptTokens, blockSize: configuration.blockSize,
      to: &session.blocks)
    session.promptTokens += length
  }
}
