import Measurements
import Routing
import SimCore
import Synth
import Testing
import Workload
@testable import Replay

@Suite struct AutoscalingReplayTests {
  /// A "day" compressed into 60 s: trough at 0 s and 60 s, peak at 30 s, 4x apart; 620
  /// requests span about 62 s. (Seen: 1 pod, 3 at 22 s, 5 at 25 s, then down to 1 by 53 s.)
  static func diurnalRecords() throws -> [TraceRecord] {
    let curve = RateCurve(peakToTrough: 4, periodSeconds: 60, peakOffsetSeconds: 30, bursts: nil)
    let configuration = SynthConfiguration(requests: 620, seed: 9, load: .requestsPerSecond(9), rate: curve)
    var generator = try SynthGenerator(configuration: configuration)
    var records: [TraceRecord] = []
    while let record = generator.next() { records.append(record) }
    return records
  }

  /// The autoscaler's defaults scaled down to the compressed day.
  static func settings() -> AutoscalerSettings {
    var s = AutoscalerSettings()
    s.minPods = 1
    s.maxPods = 8
    s.window = .seconds(3)
    s.upSustain = .seconds(2)
    s.downSustain = .seconds(5)
    s.coldStart = .seconds(3)
    return s
  }

  /// Provisioned pods at `time` from the step function.
  static func pods(_ run: PolicyMetrics, at time: SimInstant) -> Int {
    run.fleet.podCount.last { $0.time <= time }?.pods ?? 0
  }

  @Test func podCountFollowsTheRateAndSavesPodMinutes() throws {
    let records = try Self.diurnalRecords()
    var configuration = smallConfiguration(pods: 1)
    configuration.autoscaler = Self.settings()
    let run = try replay(records, configuration, policy: .muLeast)
    #expect(run.completed + run.rejected + run.lost == run.offered)
    let fleet = run.fleet
    #expect(fleet.autoscaled)
    #expect(fleet.scaleUps > 0)
    #expect(fleet.scaleDowns > 0)
    let peak = (20...40).map { Self.pods(run, at: at(Double($0))) }.max() ?? 0
    let early = Self.pods(run, at: at(3))
    let late = Self.pods(run, at: at(58))
    #expect(peak > early, "\(fleet.podCount)")
    #expect(peak > late, "\(fleet.podCount)")
    let fixed = fleet.fixedPeakPodMinutes(over: run.simulatedDuration)
    #expect(fleet.podMinutes < fixed * 0.9, "autoscaled \(fleet.podMinutes) vs fixed \(fixed)")
    // Every scale-up is followed by its pod becoming ready after the cold start.
    let ups = fleet.scaling.filter { $0.action == .scaleUp }
    #expect(!ups.isEmpty)
    for up in ups {
      let ready = try #require(fleet.scaling.first { $0.action == .podReady && $0.pod == up.pod && $0.time >= up.time })
      #expect(ready.time == up.time + .seconds(3))
    }
  }

  @Test func podMinutesOfAFixedFleetArePodsTimesDuration() throws {
    let records = try synthRecords(requests: 100, pods: 3)
    let run = try replay(records, smallConfiguration(pods: 3), policy: .p2c)
    #expect(run.fleet.peakPods == 3)
    #expect(abs(run.fleet.podMinutes - 3 * run.simulatedDuration.seconds / 60) < 1e-9)
    #expect(run.fleet.scaling.isEmpty)
  }
}
