import Replay
import Reports

extension RunSettings {
  /// The header values of `settings` as checked into `configuration`, replayed `speedup` times as densely.
  init(_ settings: ReplaySettings, _ configuration: ReplayConfiguration, speedup: Double) {
    self.init()
    pods = configuration.pods
    profile = configuration.profile.name
    scheduler = configuration.profile.scheduler == .chunked ? nil : configuration.profile.scheduler.rawValue
    muPerMinute = configuration.muPerMinute
    podCapacityMU = configuration.costModel.podCapacityMU
    saturationBatch = configuration.costModel.saturationBatch
    referenceInputTokens = configuration.capacityReference.inputTokens
    referenceOutputTokens = configuration.capacityReference.outputTokens
    calibrationSample = settings.calibratesCapacity ? CapacityCalibration.sampleSize : nil
    routers = configuration.routers
    reportIntervalSeconds = settings.reportIntervalSeconds
    reportDelaySeconds = settings.reportDelaySeconds
    seed = configuration.seed
    oraclePredictor = configuration.predictor == .oracle
    closedLoopArrivals = configuration.arrivals == .closedLoop
    maxWaiting = configuration.maxWaiting == ReplayConfiguration.defaultMaxWaiting ? nil : configuration.maxWaiting
    believedProfile = configuration.routerProfile?.name
    routerScale = settings.routerScale?.description
    shardKey = configuration.shardKey.description
    subsetSize = settings.subsetSize.description
    spill = settings.spill.name
    spillFactor = settings.spillFactor
    self.speedup = speedup
  }
}

extension AdmissionSettings {
  init(_ contracts: Contracts) {
    self.init(
      tenants: contracts.tenants.count, reservedMUPerMinute: contracts.totalReservedMUPerMinute,
      bestEffortMUPerMinute: contracts.bestEffortMUPerMinute, overContract: contracts.overContract.rawValue,
      maxQueueSeconds: contracts.overContract == .queue ? contracts.maxQueue.seconds : nil)
  }
}
