import SimCore
import Testing
import Workload

@testable import Sharding

@Suite struct ShardingPropertyTests {
  /// Stationary Zipf load, pods fixed: invariants hold every round and the imbalance falls into
  /// the tolerance band (avg 1000 per pod, hint 1000, tau 0.10: max <= 1100 plus slack for
  /// reservation and unsplittable keys).
  @Test(arguments: [(1, 1), (2, 3)])
  func stationaryLoadConvergesIntoToleranceBand(replicas: (Int, Int)) {
    var random = SplitMix64(seed: 7, stream: "stationary")
    let podCount = 6
    let config = ShardingConfiguration(minReplicas: replicas.0, maxReplicas: replicas.1, maxLoadHint: 1000)
    let loadMap = zipfLoadMap(keyCount: 2_000, exponent: 0.9, total: 6_000, random: &random)
    guard var assignment = ShardingAlgorithm.initialAssignment(pods: pods(podCount), config: config) else {
      Issue.record("no initial assignment")
      return
    }
    let before = imbalance(podLoads(assignment, loadMap, podCount: podCount), over: pods(podCount))
    for _ in 0..<4 {
      assignment = ShardingAlgorithm.generate(base: assignment, healthyPods: pods(podCount), loadMap: loadMap, config: config)
      #expect(assignment.validate(healthyPods: pods(podCount), config: config).isEmpty)
    }
    let after = imbalance(podLoads(assignment, loadMap, podCount: podCount), over: pods(podCount))
    #expect(after < before)
    #expect(after <= 1.12)
  }
}

extension ShardingPropertyTests {
  /// Pods fail and join at random while the Zipf load shifts: every generation keeps every
  /// invariant (coverage, replica bounds, no dead pod, 32..64 replicas per pod, no empty pod).
  @Test(arguments: [(1, 1, 0.10, 0.01), (2, 3, 0.10, 0.10), (3, 3, 0.025, 0.01), (1, 4, 0.40, 0.40)])
  func invariantsHoldThroughFailuresAndAdditions(setting: (Int, Int, Double, Double)) throws {
    var random = SplitMix64(seed: 99, stream: "churn-\(setting.0)-\(setting.1)")
    var config = ShardingConfiguration(minReplicas: setting.0, maxReplicas: setting.1, maxLoadHint: 500)
    config.imbalanceTolerance = setting.2
    config.uniformReservation = setting.3
    var healthy = pods(5)
    var nextPod = 5
    var assignment = try #require(ShardingAlgorithm.initialAssignment(pods: healthy, config: config))
    var loadMap = zipfLoadMap(keyCount: 300, exponent: 1.1, total: 2_000, random: &random)
    for round in 0..<14 {
      switch random.next() % 4 {
      case 0 where healthy.count > 1:
        healthy.remove(at: Int(random.next() % UInt64(healthy.count)))
      case 1 where healthy.count < 9:
        healthy.append(PodID(nextPod))
        nextPod += 1
      case 2:
        loadMap = zipfLoadMap(keyCount: 300, exponent: 1.1, total: 500 + Double(random.next() % 3_000), random: &random)
      default:
        break
      }
      let next = ShardingAlgorithm.generate(base: assignment, healthyPods: healthy, loadMap: loadMap, config: config)
      #expect(next.generation == assignment.generation + 1)
      let violations = next.validate(healthyPods: healthy, config: config)
      #expect(violations.isEmpty, "round \(round): \(violations.prefix(3))")
      assignment = next
    }
  }

  /// The whole loop as the replay drives it: requests feed the tracker, the auto-sharder
  /// rebalances every 60 s; a stationary skewed load ends inside the tolerance band.
  @Test func trackerDrivenLoopConverges() throws {
    var random = SplitMix64(seed: 5, stream: "loop")
    let podCount = 4
    let config = ShardingConfiguration(minReplicas: 1, maxReplicas: 2, maxLoadHint: 100)
    let truth = zipfLoadMap(keyCount: 400, exponent: 0.8, total: 400, random: &random)
    let keys = truth.entries.filter { $0.slice.isSingleKey && $0.load > 0 }
    let weights = keys.map(\.load)
    var cumulative: [Double] = []
    for weight in weights { cumulative.append((cumulative.last ?? 0) + weight) }
    var sharder = AutoSharder(config: config)
    let initial = try #require(ShardingAlgorithm.initialAssignment(pods: pods(podCount), config: config))
    var tracker = SliceLoadTracker(assignment: initial, at: .zero)
    _ = sharder.maybeGenerate(now: .zero, healthyPods: pods(podCount), adoptingInto: &tracker)
    // 20 requests per second of load 20 each: 400 per second in total, as in `truth`.
    for second in 0..<600 {
      for tick in 0..<20 {
        let now = SimInstant.zero + .milliseconds(Double(second * 1_000 + tick * 50))
        let draw = random.nextUnitDouble() * (cumulative.last ?? 1)
        let index = cumulative.firstIndex { $0 > draw } ?? (keys.count - 1)
        tracker.record(key: keys[index].slice.low, load: 20, at: now)
      }
      _ = sharder.maybeGenerate(now: .zero + .seconds(Double(second)), healthyPods: pods(podCount), adoptingInto: &tracker)
    }
    let assignment = try #require(sharder.current)
    #expect(assignment.generation >= 10)
    #expect(assignment.validate(healthyPods: pods(podCount), config: config).isEmpty)
    // Against the true per-key loads: avg 100, tolerance 10 plus sampling noise (1.08 seen).
    #expect(imbalance(podLoads(assignment, truth, podCount: podCount), over: pods(podCount)) < 1.15)
  }
}

extension ShardingPropertyTests {
  /// With no reservation and no load at all, a new pod still gets slices (no empty pod).
  @Test func zeroLoadStillFillsNewPods() throws {
    var config = ShardingConfiguration()
    config.uniformReservation = 0
    let base = try #require(ShardingAlgorithm.initialAssignment(pods: pods(2), config: config))
    let next = ShardingAlgorithm.generate(base: base, healthyPods: pods(3), loadMap: LoadMap(), config: config)
    #expect(next.validate(healthyPods: pods(3), config: config).isEmpty)
  }
}
