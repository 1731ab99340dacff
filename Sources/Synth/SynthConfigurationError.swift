/// A synth configuration value that cannot produce a log: which field, its value, and what it must be.
public struct SynthConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The offending field, as a path into `SynthConfiguration` (e.g. `tenants.count`).
  public var field: String
  /// The value given, as text.
  public var value: String
  /// What the value must satisfy.
  public var requirement: String

  /// An error for `field` holding `value`, which must satisfy `requirement`.
  public init(field: String, value: String, requirement: String) {
    self.field = field
    self.value = value
    self.requirement = requirement
  }

  public var description: String {
    "synth configuration: \(field) is \(value), but it must be \(requirement); change that setting and run again"
  }
}

extension SynthConfiguration {
  /// Checks every knob; throws the first value that cannot produce a log.
  public func validate() throws(SynthConfigurationError) {
    try check("requests", requests, requests >= 0, "at least 0")
    try check("blockSize", blockSize, blockSize >= 1, "at least 1")
    try check("startNanos", startNanos, startNanos >= 0, "at least 0")
    if case .fleet(let pods, let utilization, let capacity) = load {
      try check("load.pods", pods, pods >= 1, "at least 1")
      try check("load.utilization", utilization, utilization > 0 && utilization.isFinite, "a positive number")
      try check("load.podCapacity", capacity, capacity > 0 && capacity.isFinite, "a positive number of requests per second")
    }
    let rate = load.meanRequestsPerSecond
    try check("load.requestsPerSecond", rate, rate > 0 && rate.isFinite, "a positive number of requests per second")
    try check("tenants.count", tenants.count, tenants.count >= 1, "at least 1")
    try check("tenants.zipfExponent", tenants.zipfExponent, tenants.zipfExponent >= 0 && tenants.zipfExponent.isFinite, "0 or more")
    try validateSessions()
    try validatePrompts()
    try validateRate()
    try validateScenarios()
  }

  private func validateSessions() throws(SynthConfigurationError) {
    let p = sessions.newSessionProbability
    try check("sessions.newSessionProbability", p, p >= 0 && p <= 1, "between 0 and 1")
    try check("sessions.turnsTailIndex", sessions.turnsTailIndex, sessions.turnsTailIndex > 0 && sessions.turnsTailIndex.isFinite, "a positive number")
    try check("sessions.maxTurns", sessions.maxTurns, sessions.maxTurns >= 1, "at least 1")
    try checkLognormal("sessions.thinkTimeSeconds", sessions.thinkTimeSeconds)
    try check(
      "sessions.idleTimeoutSeconds", sessions.idleTimeoutSeconds, sessions.idleTimeoutSeconds >= 0 && sessions.idleTimeoutSeconds < 1e9,
      "between 0 and 1e9 seconds")
    try check(
      "sessions.maxActiveSessions", sessions.maxActiveSessions, sessions.maxActiveSessions >= 0 && sessions.maxActiveSessions < Int(Int32.max),
      "between 0 and 2^31")
  }

  private func validatePrompts() throws(SynthConfigurationError) {
    try checkLognormal("prompts.systemPromptTokens", prompts.systemPromptTokens)
    try checkLognormal("prompts.firstMessageTokens", prompts.firstMessageTokens)
    try checkLognormal("prompts.followUpMessageTokens", prompts.followUpMessageTokens)
    try checkLognormal("prompts.outputTokens", prompts.outputTokens)
    try check("prompts.maxTokens", prompts.maxTokens, prompts.maxTokens >= 1, "at least 1")
    try check("prompts.contextLimit", prompts.contextLimit, prompts.contextLimit >= 2 && prompts.contextLimit <= 1 << 30, "between 2 and 2^30 tokens")
  }

  private func validateRate() throws(SynthConfigurationError) {
    try check("rate.peakToTrough", rate.peakToTrough, rate.peakToTrough >= 1 && rate.peakToTrough.isFinite, "1 or more")
    try check("rate.periodSeconds", rate.periodSeconds, rate.periodSeconds > 0 && rate.periodSeconds < 1e9, "positive and under 1e9 seconds")
    try check("rate.peakOffsetSeconds", rate.peakOffsetSeconds, rate.peakOffsetSeconds.isFinite, "a finite number")
    if let bursts = rate.bursts {
      try check("rate.bursts.meanGapSeconds", bursts.meanGapSeconds, bursts.meanGapSeconds > 0 && bursts.meanGapSeconds < 1e9, "positive and under 1e9 seconds")
      try check("rate.bursts.durationSeconds", bursts.durationSeconds, bursts.durationSeconds >= 0 && bursts.durationSeconds < 1e9, "between 0 and 1e9 seconds")
      try check("rate.bursts.multiplier", bursts.multiplier, bursts.multiplier > 0 && bursts.multiplier.isFinite, "a positive number")
    }
  }

  private func validateScenarios() throws(SynthConfigurationError) {
    if let hot = hotTenant {
      try check("hotTenant.tenant", hot.tenant, hot.tenant >= 0 && hot.tenant < tenants.count, "a tenant index below tenants.count (\(tenants.count))")
      try check("hotTenant.multiplier", hot.multiplier, hot.multiplier > 0 && hot.multiplier.isFinite, "a positive number")
      try checkWindow("hotTenant", hot.startSeconds, hot.durationSeconds)
    }
    if let storm = longContextStorm {
      try checkWindow("longContextStorm", storm.startSeconds, storm.durationSeconds)
      try check("longContextStorm.fraction", storm.fraction, storm.fraction >= 0 && storm.fraction <= 1, "between 0 and 1")
      try check("longContextStorm.minTokens", storm.minTokens, storm.minTokens >= 1, "at least 1")
      try check(
        "longContextStorm.maxTokens", storm.maxTokens,
        storm.maxTokens >= storm.minTokens && storm.maxTokens <= prompts.contextLimit,
        "between longContextStorm.minTokens (\(storm.minTokens)) and prompts.contextLimit (\(prompts.contextLimit))")
    }
  }

  private func checkWindow(_ name: String, _ start: Double, _ duration: Double) throws(SynthConfigurationError) {
    try check("\(name).startSeconds", start, start >= 0 && start < 1e9, "between 0 and 1e9 seconds")
    try check("\(name).durationSeconds", duration, duration >= 0 && duration < 1e9, "between 0 and 1e9 seconds")
  }

  private func checkLognormal(_ name: String, _ distribution: Lognormal) throws(SynthConfigurationError) {
    let median = distribution.median
    try check("\(name).median", median, median > 0 && median < 1e9, "positive and under 1e9")
    try check("\(name).sigma", distribution.sigma, distribution.sigma >= 0 && distribution.sigma <= 5, "between 0 and 5")
  }

  private func check<Value>(_ field: String, _ value: Value, _ ok: Bool, _ requirement: String) throws(SynthConfigurationError) {
    if !ok { throw SynthConfigurationError(field: field, value: "\(value)", requirement: requirement) }
  }
}
