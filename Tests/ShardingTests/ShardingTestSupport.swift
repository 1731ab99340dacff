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
