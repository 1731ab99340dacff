import SimCore
import Workload

@testable import Routing

/// A pod view with only the fields a test cares about.
func pod(
  _ id: Int, routable: Bool = true, mu: Double = 0, active: Int = 0, tokens: Int = 0,
  waiting: Int = 0, kv: Double = 0, capacity: Double = 100
) -> PodLoad {
  PodLoad(
    id: PodID(id), isRoutable: routable, reportedMU: mu, activeRequests: active,
    inflightTokens: tokens, reportedWaiting: waiting, kvUtilization: kv, capacityMU: capacity)
}

/// `count` idle routable pods.
func idleFleet(_ count: Int) -> [PodLoad] {
  (0..<count).map { pod($0) }
}

/// A request with only the fields a test cares about.
func request(
  _ sequence: Int = 0, key: UInt64 = 0, blocks: [UInt64] = [], blockSize: Int = 16,
  input: Int? = nil, estimatedMU: Double = 0, prefillMU: Double = 0
) -> RouteRequest {
  RouteRequest(
    sequence: sequence, arrival: .zero, inputTokens: input ?? blocks.count * blockSize,
    predictedOutputTokens: 100, estimatedMU: estimatedMU, prefillMU: prefillMU, prefixBlocks: blocks,
    blockSize: blockSize, shardKey: key, requestHash: UInt64(sequence))
}

/// Routes one request with a throwaway random stream (for policies that draw nothing).
func decide<Policy: RoutingPolicy>(
  _ policy: inout Policy, _ request: RouteRequest, _ fleet: [PodLoad], seed: UInt64 = 0
) -> RoutingDecision {
  var random = SplitMix64(seed: seed)
  return policy.route(request, fleet: fleet, random: &random)
}

extension RoutingDecision {
  /// The pod the request is sent to, if any.
  var target: PodID? {
    switch self {
    case .pod(let pod), .spill(let pod, _): pod
    case .hold, .reject: nil
    }
  }
}

/// SplitMix64 with seed 0 yields 0xE220A8397B1DCDAF then 0x6E789E6AA1B965F4 (the reference
/// sequence); as fractions of 2^64 these are about 0.88331 and 0.43153.
let firstDrawSeed0: UInt64 = 0xE220_A839_7B1D_CDAF
let secondDrawSeed0: UInt64 = 0x6E78_9E6A_A1B9_65F4
