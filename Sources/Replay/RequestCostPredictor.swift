import Fleet
import Workload

/// What a request is predicted to be before it runs, and what that costs in model units.
public struct PredictedCost: Sendable, Equatable {
  /// Output tokens predicted (at least 1).
  public var outputTokens: Int
  /// MU of the prompt and the predicted output, with nothing cached: what routers and admission charge.
  public var estimatedMU: Double
  /// MU of the prompt alone.
  public var prefillMU: Double
}

/// The request cost predictor of the design (pod-model.md): the cost in MU of a request from its
/// predicted shape. A router cannot know an answer's length, so the predictor guesses the
/// output, prices the guess, and learns from each finished request. Implementations are
/// swappable: the replay uses `MURequestCostPredictor`, a test or a what-if may use another.
public protocol RequestCostPredictor: Sendable {
  /// The predicted cost of `record`, sent by tenant id `tenant`.
  func predict(_ record: TraceRecord, tenant: Int) -> PredictedCost
  /// The MU a request actually cost once it ran (for admission's settlement and the metrics).
  func actualMU(inputTokens: Int, cachedTokens: Int, outputTokens: Int) -> Double
  /// Learns from a finished request of `tenant`.
  mutating func observe(tenant: Int, outputTokens: Int)
}

/// Prices predicted shapes with the profile's MU cost model (`Fleet/MUCostModel.swift`); output
/// lengths come from the tenant's recent mean (`OutputLengthPredictor`) or, as a what-if, the log.
public struct MURequestCostPredictor: RequestCostPredictor {
  public let costModel: MUCostModel
  public let outputs: OutputPredictorKind
  /// The pods' own model when the routers believe another profile (`--router-profile`).
  public let workModel: MUCostModel?
  private var tenantMeans = OutputLengthPredictor()

  public init(costModel: MUCostModel, outputs: OutputPredictorKind, workModel: MUCostModel? = nil) {
    self.costModel = costModel
    self.outputs = outputs
    self.workModel = workModel
  }

  /// A request's MU in the pods' own work at the predicted shape the routers priced; nil when
  /// the routers' model is the pods' own.
  public func workMU(inputTokens: Int, predictedOutputTokens: Int) -> Double? {
    workModel?.mu(inputTokens: inputTokens, cachedTokens: 0, outputTokens: predictedOutputTokens)
  }

  /// A pod's in-flight capacity in the units the report measures load in.
  public var measuredCapacityMU: Double { (workModel ?? costModel).podCapacityMU }

  public func predict(_ record: TraceRecord, tenant: Int) -> PredictedCost {
    let output =
      switch outputs {
      case .tenantMean: tenantMeans.predict(tenant: tenant, maxTokens: record.maxTokens)
      case .oracle: max(1, record.outputTokens)
      }
    return PredictedCost(
      outputTokens: output,
      estimatedMU: costModel.mu(inputTokens: record.inputTokens, cachedTokens: 0, outputTokens: output),
      prefillMU: costModel.mu(inputTokens: record.inputTokens, cachedTokens: 0, outputTokens: 0))
  }

  public func actualMU(inputTokens: Int, cachedTokens: Int, outputTokens: Int) -> Double {
    costModel.mu(inputTokens: inputTokens, cachedTokens: cachedTokens, outputTokens: outputTokens)
  }

  public mutating func observe(tenant: Int, outputTokens: Int) {
    tenantMeans.observe(tenant: tenant, outputTokens: outputTokens)
  }
}
