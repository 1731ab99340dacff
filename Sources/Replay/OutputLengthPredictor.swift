import SimCore

/// Which output-length predictor the routers (and the pods' in-flight MU) use.
public enum OutputPredictorKind: String, Sendable, Equatable, CaseIterable, NamedChoice {
  /// Production's: the tenant's recent mean output, capped by `max_tokens`.
  case tenantMean = "tenant-mean"
  /// The true output length from the log: a what-if ("what would perfect prediction be worth"),
  /// not something any router can have.
  case oracle
}

/// Predicts a request's output length at admission from its tenant's recent outputs.
///
/// The router cannot know how long an answer will be; production predictors use the tenant's
/// recent mean capped by `max_tokens`. An exponentially weighted mean per tenant (weight
/// `alpha` per completion) follows drift within a few dozen requests.
public struct OutputLengthPredictor: Sendable {
  private var means: [Double] = []
  private var seen: [Bool] = []
  private var globalMean: Double
  private var globalSeen = false
  private let alpha: Double

  /// `initialGuess` is used until any request has completed.
  public init(initialGuess: Double = 256, alpha: Double = 0.05) {
    self.globalMean = initialGuess
    self.alpha = alpha
  }

  /// Predicted output tokens for `tenant`, capped by `maxTokens` when given (at least 1).
  public func predict(tenant: Int, maxTokens: Int?) -> Int {
    let mean = tenant < seen.count && seen[tenant] ? means[tenant] : globalMean
    var predicted = Int(mean.rounded())
    if let maxTokens, maxTokens > 0 { predicted = min(predicted, maxTokens) }
    return max(1, predicted)
  }

  /// Learns from a completed request.
  public mutating func observe(tenant: Int, outputTokens: Int) {
    let value = Double(outputTokens)
    if tenant >= means.count {
      means.append(contentsOf: repeatElement(0, count: tenant + 1 - means.count))
      seen.append(contentsOf: repeatElement(false, count: tenant + 1 - seen.count))
    }
    if seen[tenant] {
      means[tenant] += alpha * (value - means[tenant])
    } else {
      means[tenant] = value
      seen[tenant] = true
    }
    if globalSeen {
      globalMean += alpha * (value - globalMean)
    } else {
      globalMean = value
      globalSeen = true
    }
  }
}

/// Maps tenant names to small integers, in order of first appearance, with a bound.
public struct TenantTable: Sendable {
  private var ids: [String: Int] = [:]
  /// Names in id order (id 0 is the unnamed tenant).
  public private(set) var names: [String] = ["(none)"]
  /// Tenants beyond this share the last id, so a log with a fresh tenant per line cannot grow memory.
  public let limit: Int

  /// 100,000 tenants cost about 60 MB per policy with their counters and latencies (README,
  /// "Memory"); the reports list the busiest and sum the rest.
  public init(limit: Int = 131_072) { self.limit = limit }

  /// The id of `name` (0 for nil).
  public mutating func id(for name: String?) -> Int {
    guard let name else { return 0 }
    if let id = ids[name] { return id }
    if names.count >= limit {
      return limit - 1
    }
    let id = names.count
    ids[name] = id
    names.append(names.count == limit - 1 ? "(other)" : name)
    return id
  }
}
