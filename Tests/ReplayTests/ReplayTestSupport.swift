import Fleet
import Measurements
import Routing
import SimCore
import Synth
import Workload
@testable import Replay

let testProfile = CostProfile.builtIn(named: "llama-3-8b-a100")!

/// A small replay configuration: 1 s reports, 10 s windows.
func smallConfiguration(pods: Int, events: [FleetEvent] = [], seed: UInt64 = 1) -> ReplayConfiguration {
  var configuration = ReplayConfiguration(
    pods: pods, profile: testProfile, seed: seed, reportInterval: .seconds(1), window: .seconds(10))
  configuration.events = events
  return configuration
}

/// `requests` synthetic records at a flat rate that keeps `pods` pods at `utilization`.
func synthRecords(requests: Int, pods: Int, utilization: Double = 0.6, seed: UInt64 = 5) throws -> [TraceRecord] {
  let configuration = SynthConfiguration(
    requests: requests, seed: seed, load: .fleet(pods: pods, utilization: utilization), rate: .flat)
  var generator = try SynthGenerator(configuration: configuration)
  var records: [TraceRecord] = []
  while let record = generator.next() { records.append(record) }
  return records
}

/// Replays `records` under `policy`.
func replay(_ records: [TraceRecord], _ configuration: ReplayConfiguration, policy: RoutingPolicyKind) throws -> PolicyMetrics {
  var engine = ReplayEngine(source: ArrayRecordSource(records), configuration: configuration, policy: policy)
  return try engine.run()
}

func at(_ seconds: Double) -> SimInstant { SimInstant(nanoseconds: SimDuration.seconds(seconds).nanoseconds) }

extension PolicyMetrics {
  /// Mean sampled MU of `pod` over the windows whose start lies in `range` (seconds).
  func meanMU(pod: Int, windowsStartingIn range: Range<Double>) -> Double {
    var sum = 0.0
    var count = 0
    for (w, row) in pods.cells.enumerated() where range.contains(pods.windowStart(w).seconds) && pod < row.count {
      sum += row[pod].meanMU
      count += 1
    }
    return count > 0 ? sum / Double(count) : 0
  }
}
