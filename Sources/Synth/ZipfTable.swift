import Foundation
import SimCore

/// Samples an index in `0..<weights.count` with probability proportional to its weight.
///
/// A cumulative table searched by bisection: O(log n) per draw, no allocation.
struct ZipfTable: Sendable {
  /// Running sums of the weights, normalised so that the last is 1.
  private(set) var cumulative: [Double]

  /// A table over explicit non-negative weights (at least one positive).
  init(weights: [Double]) {
    precondition(!weights.isEmpty, "ZipfTable needs at least one weight")
    var running = 0.0
    var sums: [Double] = []
    sums.reserveCapacity(weights.count)
    for weight in weights {
      running += weight
      sums.append(running)
    }
    precondition(running > 0, "ZipfTable needs a positive total weight")
    cumulative = sums.map { $0 / running }
  }

  /// Zipf weights `1/(k+1)^exponent` for `k` in `0..<count`, with optional per-index factors.
  static func zipfWeights(count: Int, exponent: Double) -> [Double] {
    (0..<count).map { 1 / pow(Double($0 + 1), exponent) }
  }

  /// The probability of index `k`.
  func share(_ k: Int) -> Double {
    k == 0 ? cumulative[0] : cumulative[k] - cumulative[k - 1]
  }

  /// A random index: the first whose cumulative weight exceeds a uniform draw.
  func sample(_ rng: inout SplitMix64) -> Int {
    let u = rng.nextUnitDouble()
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let mid = (low + high) >> 1
      if cumulative[mid] > u { high = mid } else { low = mid + 1 }
    }
    return low
  }
}
