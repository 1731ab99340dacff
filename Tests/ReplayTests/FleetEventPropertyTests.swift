import Measurements
import Routing
import SimCore
import Testing
import Workload
@testable import Replay

@Suite struct FleetEventPropertyTests {
  /// Three to six events of every kind at random times in the first 10 s, on pods 0...5 of a
  /// 4-pod fleet (so some name ids the fleet does not have yet).
  static func randomEvents(_ random: inout SplitMix64) -> [FleetEvent] {
    let count = 3 + Int(random.next() % 4)
    let events = (0..<count).map { _ -> FleetEvent in
      let time = at(0.25 + random.nextUnitDouble() * 9.5)
      let pod = PodID(Int(random.next() % 6))
      let kind: FleetEvent.Kind
      switch random.next() % 6 {
      case 0, 1: kind = .podDown(pod)
      case 2: kind = .podUp(pod)
      case 3: kind = .slowPod(pod, factor: 1 + random.nextUnitDouble() * 3)
      case 4: kind = .plannedTermination(pod)
      default: kind = .sharderOutage(duration: .seconds(1 + random.nextUnitDouble() * 20))
      }
      return FleetEvent(time: time, kind: kind)
    }
    return events.sorted { $0.time < $1.time }
  }

  static let policies: [RoutingPolicyKind] = [.p2c, .muSubset, .consistentHash, .roundRobin, .sglangCacheAware, .leastRequest]

  @Test(arguments: 0..<6)
  func everyRequestEndsOnceAndDownPodsGetNothing(seed: Int) throws {
    var random = SplitMix64(seed: UInt64(seed), stream: "fleet-events")
    let events = Self.randomEvents(&random)
    let records = try synthRecords(requests: 150, pods: 4, utilization: 0.8, seed: UInt64(seed + 20))
    var configuration = smallConfiguration(pods: 4, events: events, seed: UInt64(seed))
    configuration.window = .seconds(2)
    let policy = Self.policies[seed % Self.policies.count]
    let run = try replay(records, configuration, policy: policy)
    #expect(run.completed + run.rejected + run.lost == run.offered, "\(policy) \(events.map(\.label))")
    #expect(run.offered == records.count)
    #expect(run.fleet.events.count == events.count)
    // A crashed pod takes nothing until a pod_up: windows wholly inside the gap are empty.
    for (index, event) in events.enumerated() {
      guard case .podDown(let pod) = event.kind else { continue }
      let upTime = events[(index + 1)...].first { $0.kind == .podUp(pod) }?.time ?? .distantFuture
      for (w, row) in run.pods.cells.enumerated() where pod.rawValue < row.count {
        let start = run.pods.windowStart(w)
        guard start > event.time, start + run.pods.window <= upTime else { continue }
        #expect(row[pod.rawValue].completed == 0, "pod \(pod.rawValue) window \(w) \(policy)")
        #expect(row[pod.rawValue].muSampleSum == 0, "pod \(pod.rawValue) window \(w) \(policy)")
      }
    }
  }
}
