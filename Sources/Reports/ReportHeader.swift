/// What a replay or sweep ran with, as values: the command line fills it from its checked
/// configuration, and `ReportHeader` words it for the top of `report.md` and `sweep.md`.
public struct RunSettings: Sendable, Equatable {
  public var pods = 0
  public var profile = ""
  /// The pods' scheduler when it is not the default (chunked); nil otherwise.
  public var scheduler: String?
  public var muPerMinute = 0.0
  /// In-flight MU at which a pod saturates, and the requests of the reference shape that make it.
  public var podCapacityMU = 0.0
  public var saturationBatch = 0
  public var referenceInputTokens = 0
  public var referenceOutputTokens = 0
  /// The number of leading requests the reference shape was measured from; nil when given by flag.
  public var calibrationSample: Int?
  public var routers = 0
  public var reportIntervalSeconds = 0.0
  public var reportDelaySeconds = 0.0
  public var seed: UInt64 = 0
  public var oraclePredictor = false
  public var closedLoopArrivals = false
  /// The ceiling on requests held at once, when it is not the default; nil otherwise.
  public var maxWaiting: Int?
  /// The profile the routers believe when it is not the pods' own, as named and scaled.
  public var believedProfile: String?
  public var routerScale: String?
  public var shardKey = ""
  public var subsetSize = ""
  public var spill = ""
  public var spillFactor = 0.0
  /// How many times as densely arrivals are replayed (1: as logged).
  public var speedup = 1.0

  public init() {}
}

/// The `--from`/`--to`/`--warmup` window as given (nil: the whole log).
public struct WindowSettings: Sendable, Equatable {
  public var from: String?
  public var to: String?
  public var warmupSeconds: Double

  public init(from: String?, to: String?, warmupSeconds: Double) {
    self.from = from
    self.to = to
    self.warmupSeconds = warmupSeconds
  }
}

/// The contracts a replay admitted requests by.
public struct AdmissionSettings: Sendable, Equatable {
  public var tenants: Int
  public var reservedMUPerMinute: Double
  public var bestEffortMUPerMinute: Double
  /// What happens over contract (`queue`, `reject`, ...).
  public var overContract: String
  /// How long a request may queue for tokens, when over-contract requests queue.
  public var maxQueueSeconds: Double?

  public init(tenants: Int, reservedMUPerMinute: Double, bestEffortMUPerMinute: Double, overContract: String, maxQueueSeconds: Double?) {
    self.tenants = tenants
    self.reservedMUPerMinute = reservedMUPerMinute
    self.bestEffortMUPerMinute = bestEffortMUPerMinute
    self.overContract = overContract
    self.maxQueueSeconds = maxQueueSeconds
  }
}

/// The fleet events and autoscaler a replay ran with.
public struct LifecycleSettings: Sendable, Equatable {
  /// The events file and how many events it held.
  public var eventsFile: String?
  public var eventCount = 0
  public var autoscaler: AutoscalerLimits?

  public init() {}
}

/// The autoscaler's limits, as set.
public struct AutoscalerLimits: Sendable, Equatable {
  public var minPods: Int
  public var maxPods: Int
  public var scaleUpAt: Double
  public var upSustainSeconds: Double
  public var scaleDownAt: Double
  public var downSustainSeconds: Double
  public var target: Double
  public var coldStartSeconds: Double

  public init(
    minPods: Int, maxPods: Int, scaleUpAt: Double, upSustainSeconds: Double, scaleDownAt: Double, downSustainSeconds: Double,
    target: Double, coldStartSeconds: Double
  ) {
    (self.minPods, self.maxPods, self.scaleUpAt, self.upSustainSeconds) = (minPods, maxPods, scaleUpAt, upSustainSeconds)
    (self.scaleDownAt, self.downSustainSeconds, self.target, self.coldStartSeconds) = (scaleDownAt, downSustainSeconds, target, coldStartSeconds)
  }
}

/// The values a sweep varied, in plan order.
public struct SweptValues: Sendable, Equatable {
  public var policies: [String]
  public var subsetSizes: [String]
  public var pods: [Int]
  public var spills: [String]
  public var muPerMinute: [Double]

  public init(policies: [String], subsetSizes: [String], pods: [Int], spills: [String], muPerMinute: [Double]) {
    self.policies = policies
    self.subsetSizes = subsetSizes
    self.pods = pods
    self.spills = spills
    self.muPerMinute = muPerMinute
  }
}
