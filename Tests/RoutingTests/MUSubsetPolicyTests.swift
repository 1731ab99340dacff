import SimCore
import Testing
import Workload

@testable import Routing

@Suite struct MUSubsetPolicyTests {
  /// Every key maps to `members`.
  func policy(_ members: [Int], spill: SpillPolicy = .global, countEstimate: Bool = false) -> MUSubsetPolicy {
    MUSubsetPolicy(
      spillPolicy: spill, spillCountsRequestEstimate: countEstimate,
      subsets: KeyRangeSubsets(everyKeyTo: members.map(PodID.init)))
  }

  /// MU [2, 1, 5, 6], capacity 10: mean 3.5, threshold 1.25 * 3.5 = 4.375.
  let hot = [pod(0, mu: 2, capacity: 10), pod(1, mu: 1, capacity: 10), pod(2, mu: 5, capacity: 10), pod(3, mu: 6, capacity: 10)]

  @Test func picksTheLeastMUPodOfTheSubset() {
    // Subset [0, 2]: pod 0 at 2 <= 4.375 -> pod 0 (pod 1 is lower but outside the subset).
    var subsetPolicy = policy([0, 2])
    #expect(decide(&subsetPolicy, request(), hot) == .pod(PodID(0)))
    #expect(subsetPolicy.threshold(fleet: hot) == 4.375)
  }

  @Test func staysWhileOnePodIsUnderTheThreshold() {
    // MU [2, 1, 4, 6]: mean 3.25, threshold 4.0625; subset [2, 3]: pod 2 at 4 is under -> pod 2.
    var fleet = hot
    fleet[2].reportedMU = 4
    var subsetPolicy = policy([3, 2])
    #expect(decide(&subsetPolicy, request(), fleet) == .pod(PodID(2)))
    // Counting the request's 0.5 MU: 4.5 > 4.0625 and 6.5 > 4.0625 -> spill to pod 1.
    var counting = policy([3, 2], countEstimate: true)
    #expect(decide(&counting, request(estimatedMU: 0.5), fleet) == .spill(PodID(1), .subsetAboveThreshold))
  }

  @Test func eachSpillPolicyWhenTheSubsetIsAboveThreshold() {
    // Subset [2, 3]: 5 and 6 both > 4.375 (both under capacity 10) -> above threshold.
    var global = policy([2, 3], spill: .global)
    var queue = policy([2, 3], spill: .queue)
    var reject = policy([2, 3], spill: .reject)
    var none = policy([2, 3], spill: .none)
    // Global: least MU in the fleet is pod 1 (1 MU).
    #expect(decide(&global, request(), hot) == .spill(PodID(1), .subsetAboveThreshold))
    #expect(decide(&queue, request(), hot) == .hold(.subsetAboveThreshold))
    #expect(decide(&reject, request(), hot) == .reject(.subsetAboveThreshold))
    // None: stay on the subset's least-MU pod, pod 2.
    #expect(decide(&none, request(), hot) == .pod(PodID(2)))
  }

  @Test func aboveCapacityIsReportedWhenEverySubsetPodIsOverItsCapacity() {
    // MU [3, 3, 3, 3]: mean 3, threshold 3.75, so no pod is above threshold; pods 2 and 3
    // have capacity 2 < 3 -> both over capacity -> spill to pod 0 (all tie at 3, lowest id).
    var fleet = (0..<4).map { pod($0, mu: 3, capacity: 10) }
    fleet[2].capacityMU = 2
    fleet[3].capacityMU = 2
    var global = policy([2, 3])
    #expect(decide(&global, request(), fleet) == .spill(PodID(0), .subsetAboveCapacity))
    // Hot fleet with pod 3's capacity at 5.5: pod 2 (5 > 4.375) is over the threshold only,
    // pod 3 (6 > 5.5) over capacity -> not all over capacity -> threshold reason.
    var mixed = hot
    mixed[3].capacityMU = 5.5
    #expect(decide(&global, request(), mixed) == .spill(PodID(1), .subsetAboveThreshold))
  }

  @Test func aSaturatedFleetKeepsTheRequestInItsSubset() {
    // MU [3, 3, 3, 3], every capacity 2: all four pods are over capacity, so the fleet's
    // least-MU pod (pod 0) is no better than the subset: stay on the subset's pod 2 (tie, lowest id).
    let saturated = (0..<4).map { pod($0, mu: 3, capacity: 2) }
    var global = policy([3, 2])
    #expect(decide(&global, request(), saturated) == .pod(PodID(2)))
    // Counting the request's estimate can make the spill target over too: MU [2, 1, 5, 6],
    // threshold 4.375, request 3.5 MU: pod 1 would be at 4.5 > 4.375 -> stay on pod 2.
    var counting = policy([2, 3], countEstimate: true)
    #expect(decide(&counting, request(estimatedMU: 3.5), hot) == .pod(PodID(2)))
  }

  @Test func uncachedPrefillIsPricedInsideTheSubset() {
    // Subset [0, 1], MU [2, 1.5]; a spill factor of 100 keeps the spill threshold out of the
    // way. Request: 4 blocks, prefill 1.0 MU.
    // The router sent blocks [1, 2, 3] to pod 0 before: hits [3, 0].
    // Cost pod 0 = 2 + 1.0 * (1 - 3/4) = 2.25; pod 1 = 1.5 + 1.0 * 1 = 2.5 -> pod 0, the warm one.
    let fleet = [pod(0, mu: 2, capacity: 10), pod(1, mu: 1.5, capacity: 10), pod(2, capacity: 10), pod(3, capacity: 10)]
    let subsets = KeyRangeSubsets(everyKeyTo: [PodID(0), PodID(1)])
    var warm = MUSubsetPolicy(spillFactor: 100, subsets: subsets)
    warm.index.insert([1, 2, 3], on: 0)
    #expect(decide(&warm, request(blocks: [1, 2, 3, 4], prefillMU: 1), fleet) == .pod(PodID(0)))
    // Weight 0: load alone -> pod 1 (1.5 < 2).
    var loadOnly = MUSubsetPolicy(spillFactor: 100, prefillWeight: 0, subsets: subsets)
    loadOnly.index.insert([1, 2, 3], on: 0)
    #expect(decide(&loadOnly, request(blocks: [1, 2, 3, 4], prefillMU: 1), fleet) == .pod(PodID(1)))
    // A cheaper prefill (0.4 MU): pod 0 = 2 + 0.1 = 2.1 > pod 1 = 1.5 + 0.4 = 1.9 -> pod 1.
    var cheap = MUSubsetPolicy(spillFactor: 100, subsets: subsets)
    cheap.index.insert([1, 2, 3], on: 0)
    #expect(decide(&cheap, request(blocks: [1, 2, 3, 4], prefillMU: 0.4), fleet) == .pod(PodID(1)))
  }

  @Test func followUpTurnsStayWithTheirPrefix() {
    // Two idle pods in the subset: the first turn goes to pod 0 (tie, lowest id) and is
    // recorded there; the second turn extends it, so pod 0 costs 0 + 1 * (1 - 2/3) = 0.33 and
    // pod 1 costs 1: it stays on pod 0 even after pod 0 reports 0.5 MU (0.83 < 1).
    let subsets = KeyRangeSubsets(everyKeyTo: [PodID(0), PodID(1)])
    var policy = MUSubsetPolicy(spillFactor: 100, subsets: subsets)
    #expect(decide(&policy, request(blocks: [5, 6], prefillMU: 1), idleFleet(2)) == .pod(PodID(0)))
    let busier = [pod(0, mu: 0.5), pod(1)]
    #expect(decide(&policy, request(1, blocks: [5, 6, 7], prefillMU: 1), busier) == .pod(PodID(0)))
  }

  @Test func muFloorKeepsAnIdleFleetFromSpilling() {
    // MU [1.3, 1.2, 0, 0]: mean 0.625 < floor 1 -> threshold 1.25 * 1 = 1.25.
    // Subset [0, 1]: pod 1 at 1.2 <= 1.25 -> pod 1. Without the floor it would be 0.78.
    let idle = [pod(0, mu: 1.3), pod(1, mu: 1.2), pod(2), pod(3)]
    var subsetPolicy = policy([0, 1])
    #expect(subsetPolicy.threshold(fleet: idle) == 1.25)
    #expect(decide(&subsetPolicy, request(), idle) == .pod(PodID(1)))
    // MU [1.3, 1.4, 0, 0]: both over 1.25 -> spill to pods 2/3 tie at 0 -> pod 2.
    let warmer = [pod(0, mu: 1.3), pod(1, mu: 1.4), pod(2), pod(3)]
    #expect(decide(&subsetPolicy, request(), warmer) == .spill(PodID(2), .subsetAboveThreshold))
  }

  @Test func unavailableSubsetUnderEachSpillPolicy() {
    // Subset [2, 3] with both down; believed MU of routable pods 0 (2) and 1 (1) -> pod 1.
    var fleet = hot
    fleet[2].isRoutable = false
    fleet[3].isRoutable = false
    var global = policy([2, 3], spill: .global)
    var queue = policy([2, 3], spill: .queue)
    var reject = policy([2, 3], spill: .reject)
    var none = policy([2, 3], spill: .none)
    #expect(decide(&global, request(), fleet) == .spill(PodID(1), .subsetUnavailable))
    #expect(decide(&queue, request(), fleet) == .hold(.subsetUnavailable))
    #expect(decide(&reject, request(), fleet) == .reject(.subsetUnavailable))
    #expect(decide(&none, request(), fleet) == .spill(PodID(1), .subsetUnavailable))
    // Stale ids beyond the fleet count as not routable.
    var stale = policy([9])
    #expect(decide(&stale, request(), hot) == .spill(PodID(1), .subsetUnavailable))
  }

  @Test func noAssignmentYetAndNoRoutablePod() {
    var unassigned = MUSubsetPolicy()
    #expect(decide(&unassigned, request(), hot) == .spill(PodID(1), .subsetUnavailable))
    let down = [pod(0, routable: false)]
    var global = policy([0], spill: .global)
    var queue = policy([0], spill: .queue)
    #expect(decide(&global, request(), down) == .reject(.noRoutablePod))
    #expect(decide(&queue, request(), down) == .hold(.noRoutablePod))
  }

  @Test func tiesGoToTheLowestIdAndAdoptSwitchesSubsets() {
    // Subset listed as [3, 1], both at 1 MU, mean 1 -> pod 1 (lowest id), not list order.
    let flat = (0..<4).map { pod($0, mu: 1) }
    var subsetPolicy = policy([3, 1])
    #expect(decide(&subsetPolicy, request(), flat) == .pod(PodID(1)))
    // Two slices: keys below 2^63 -> [0], above -> [2, 3].
    subsetPolicy.adopt(KeyRangeSubsets(slices: [(0, [PodID(0)]), (1 << 63, [PodID(2), PodID(3)])]))
    #expect(decide(&subsetPolicy, request(key: 5), flat) == .pod(PodID(0)))
    #expect(decide(&subsetPolicy, request(key: .max), flat) == .pod(PodID(2)))
  }

  @Test func adoptThroughTheProtocolExistential() {
    var policy: any RoutingPolicy = RoutingPolicyKind.muSubset.makePolicy(RoutingParameters())
    policy.adopt(KeyRangeSubsets(everyKeyTo: [PodID(2)]))
    var random = SplitMix64(seed: 1)
    #expect(policy.route(request(), fleet: idleFleet(4), random: &random) == .pod(PodID(2)))
  }
}
