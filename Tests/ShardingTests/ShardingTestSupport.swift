import Foundation
import SimCore
import Workload

@testable import Sharding

/// Pods 0..<count.
func pods(_ count: Int) -> [PodID] { (0..<count).map(PodID.init) }

/// A load map where each of `keyCount` random keys carries a Zipf(`exponent`) share of `total`,
/// every key isolated as a single-key entry (perfect knowledge of the key loads).
func zipfLoadMap(keyCount: Int, exponent: Double, total: Double, random: inout SplitMix64) -> LoadMap {
  let weights = (1...keyCount).map { 1 / pow(Double($0), exponent) }
  let weightSum = weights.reduce(0, +)
  var keys = Set<UInt64>()
  while keys.count < keyCount { keys.insert(random.next()) }
  let sortedKeys = keys.sorted()
  var shuffledWeights = weights
  shuffledWeights.shuffle(using: &random)
  let hot = zip(sortedKeys, shuffledWeights).map { LoadMap.KeyLoad(key: $0, load: total * $1 / weightSum) }
  return LoadMap(slices: [.full], loads: [total], hotKeys: hot)
}

/// Measured load per pod (indexed by raw id) when `assignment` serves `loadMap`, each slice's
/// load split evenly over its replicas.
func podLoads(_ assignment: Assignment, _ loadMap: LoadMap, podCount: Int) -> [Double] {
  var loads = [Double](repeating: 0, count: podCount)
  for index in 0..<assignment.sliceCount {
    let replicas = assignment.replicas(ofSlice: index)
    let share = loadMap.load(of: assignment.slice(at: index)) / Double(replicas.count)
    for pod in replicas { loads[pod.rawValue] += share }
  }
  return loads
}

/// max / mean over the given pods.
func imbalance(_ loads: [Double], over pods: [PodID]) -> Double {
  let values = pods.map { loads[$0.rawValue] }
  let mean = values.reduce(0, +) / Double(values.count)
  return (values.max() ?? 0) / mean
}

/// `count` equal slices (count a power of two) with the given replicas (raw ids).
func equalSlices(_ replicas: [[Int]]) -> Assignment {
  let ranges = ShardingAlgorithm.uniformPartition(replicas.count)
  return Assignment(
    generation: 1,
    slices: zip(ranges, replicas).map { SliceReplicas(slice: $0, replicas: $1.map(PodID.init)) })
}

/// A load map with the given load on each of `loads.count` equal slices.
func equalSliceLoads(_ loads: [Double]) -> LoadMap {
  LoadMap(slices: ShardingAlgorithm.uniformPartition(loads.count), loads: loads)
}

/// The working model of `base` under `loads` with `healthy` pods (raw ids).
func working(_ base: Assignment, _ loads: LoadMap, healthy: [Int]) -> WorkingAssignment {
  WorkingAssignment(base: base, healthyPods: healthy.map(PodID.init), adjustedLoadMap: loads)
}

/// Replica raw ids per slice.
func replicaIDs(_ model: WorkingAssignment) -> [[Int]] {
  model.slices.map { $0.replicas.map(\.rawValue) }
}
