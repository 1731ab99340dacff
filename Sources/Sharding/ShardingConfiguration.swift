import SimCore

/// Every parameter of the Dicer-style auto-sharder, with open Dicer's defaults.
///
/// Loads are in whatever rate unit the caller records (e.g. model units per second);
/// `maxLoadHint` must use the same unit.
public struct ShardingConfiguration: Sendable, Equatable {
  /// Dicer's imbalance tolerance presets (fraction of the adjusted max load hint).
  public enum Tolerance: Sendable, Equatable {
    case tight, `default`, loose
    /// The ratio tau: 0.025, 0.10 or 0.40.
    public var ratio: Double {
      switch self {
      case .tight: 0.025
      case .default: 0.10
      case .loose: 0.40
      }
    }
  }

  /// Dicer's uniform reservation presets (fraction of maxLoadHint per pod).
  public enum Reservation: Sendable, Equatable {
    case none, small, medium, large
    /// The ratio rho: 0.01, 0.10, 0.20 or 0.40 (NO_RESERVATION still reserves 1 %).
    public var ratio: Double {
      switch self {
      case .none: 0.01
      case .small: 0.10
      case .medium: 0.20
      case .large: 0.40
      }
    }
  }

  /// Fewest replicas (pods) per slice: the smallest subset size.
  public var minReplicas: Int = 1
  /// Most replicas per slice: the largest subset size.
  public var maxReplicas: Int = 1
  /// Imbalance tolerance tau.
  public var imbalanceTolerance: Double = Tolerance.default.ratio
  /// Uniform reservation rho.
  public var uniformReservation: Double = Reservation.none.ratio
  /// Per-pod capacity in the load unit used (must be > 0).
  public var maxLoadHint: Double = 1
  /// Churn penalty as a fraction of the per-replica load moved.
  public var churnPenaltyRatio: Double = 0.25
  /// Lower bound on slice replicas per pod.
  public var minSliceReplicasPerPod: Int = 32
  /// Upper bound on slice replicas per pod.
  public var maxSliceReplicasPerPod: Int = 64
  /// Weight of the penalty for a pod below its minimum desired load.
  public var undershootCoefficient: Double = 4.0
  /// Weight of the penalty for a pod above its maximum desired load.
  public var overshootCoefficient: Double = 16.0
  /// Penalty for an empty pod, as a multiple of the maximum desired load.
  public var emptyPenaltyFactor: Double = 100
  /// Cap on applied placement moves per generation; stands in for Dicer's 30 s placement timeout
  /// so that a generation's work is bounded and deterministic.
  public var placementMoveLimit: Int = 50_000
  /// Cap on hot splits per generation, as a multiple of the pod count (a safety bound only).
  public var hotSplitLimitPerPod: Int = 256

  /// How often load balancing runs.
  public var loadBalancingInterval: SimDuration = .seconds(60)
  /// Least time between two generation attempts.
  public var minGenerationInterval: SimDuration = .seconds(10)
  /// Silence after which a pod counts as unhealthy (applied by the driver).
  public var unhealthyTimeout: SimDuration = .seconds(30)
  /// Half-life of the per-slice load EWMA.
  public var loadHalfLife: SimDuration = .seconds(120)
  /// Delay before a new assignment reaches routers (applied by the driver).
  public var propagationDelay: SimDuration = .seconds(1)

  /// A configuration with the given subset-size bounds and capacity; Dicer defaults elsewhere.
  public init(minReplicas: Int = 1, maxReplicas: Int = 1, maxLoadHint: Double = 1) {
    precondition(minReplicas >= 1 && maxReplicas >= minReplicas, "need 1 <= minReplicas <= maxReplicas")
    precondition(maxLoadHint > 0, "maxLoadHint must be positive")
    self.minReplicas = minReplicas
    self.maxReplicas = maxReplicas
    self.maxLoadHint = maxLoadHint
  }

  /// Replica bounds clamped to the pod count, as Dicer does.
  func replicaBounds(podCount: Int) -> ClosedRange<Int> {
    Swift.min(minReplicas, podCount)...Swift.min(maxReplicas, podCount)
  }
}
