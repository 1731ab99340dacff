import Fleet
import FuzzSupport
import Measurements
import Replay
import Routing
import SimCore
import Traces
import Workload

/// The whole pipeline: a fuzzed log (any format, the reader options of a real run) replayed on a
/// tiny fleet (2-3 pods, 1-2 routers) under mu-subset and one other policy, with the control bytes
/// choosing spill, subset size, shard key, report delay, fleet events, contracts, an autoscaler,
/// a --from/--to/--warmup window and a --speedup. Each run must keep the engine's invariants
/// (ReplayHarness.check) and render a report; small logs also replay with stepping pods, which
/// must give the same results as event-driven ones.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  var input = FuzzInput(data, size)
  var options = ReaderHarness.options(&input, format: nil)
  options.allowOutOfOrder = false  // replay never counts instead of stopping
  let fleetByte = input.byte()
  let policyByte = input.byte()
  let clockByte = input.byte()
  let eventBytes = [input.byte(), input.byte()]
  let extra = input.byte()
  let log = input.payload

  // As the command line does: open the log once to fail fast and find its first arrival.
  guard let reader = try? TraceReader(bytes: log, options: options) else { return 0 }
  var records: [TraceRecord] = []
  while let record = try? reader.next() { records.append(record) }

  var settings = ReplaySettings()
  settings.pods = 2 + Int(fleetByte & 1)
  settings.routers = 1 + Int((fleetByte >> 1) & 1)
  settings.spill = [SpillPolicy.global, .queue, .reject, .none][Int((fleetByte >> 2) & 3)]
  settings.subsetSize = [SubsetSize(min: 1, max: 1), SubsetSize(min: 2, max: 2), SubsetSize(min: 1, max: 3), SubsetSize(min: 2, max: 3)][
    Int((fleetByte >> 4) & 3)]
  settings.shardKey = [ShardKeySpec.session, .tenant, .tenantAndSession, .prefix(blocks: 2)][Int(fleetByte >> 6)]
  settings.reportIntervalSeconds = 1
  settings.windowSeconds = 10
  settings.reportDelaySeconds = policyByte & 0x20 != 0 ? 0 : 0.1
  if policyByte & 0x80 != 0 { settings.contracts = extra & 1 != 0 ? Fixed.queueing : Fixed.rejecting }
  let configurationOrError = Result { () throws(ConfigurationError) in try settings.configuration(blockSize: options.defaultBlockSize) }
  guard case .success(var configuration) = configurationOrError else {
    fuzzFailure("valid settings refused: \(configurationOrError)")
  }
  if policyByte & 0x40 != 0 { configuration.events = Fixed.events(eventBytes) }
  if clockByte & 0x30 == 0x30 { configuration.autoscaler = Fixed.autoscaler }

  let windowChoice = [
    ReplayWindow(), ReplayWindow(from: .offset(seconds: 2)), ReplayWindow(from: .offset(seconds: 3), warmupSeconds: 2),
    ReplayWindow(to: .offset(seconds: 5)),
  ][Int(clockByte & 3)]
  let window: ResolvedWindow
  if let first = records.first {
    guard let resolved = try? windowChoice.resolve(logStart: first.arrivalNanos) else { return 0 }
    window = resolved
  } else {
    window = ResolvedWindow()
  }
  let scale = TimeScale(speedup: [1, 1, 4, 0.25][Int((clockByte >> 2) & 3)], origin: records.first?.arrivalNanos ?? 0)
  configuration.measuredFrom = window.measureFrom.map(scale.apply)
  let measuredFrom = configuration.measuredFrom ?? .min

  let second = RoutingPolicyKind.allCases[Int(policyByte & 0x0F) % RoutingPolicyKind.allCases.count]
  let policies: [RoutingPolicyKind] = second == .muSubset ? [.muSubset] : [.muSubset, second]
  let makeSource = {
    TimeScaledRecordSource(
      WindowedRecordSource(ReaderSource(try TraceReader(bytes: log, options: options)), window: window), scale: scale)
  }
  let measured: ([TraceRecord]) -> Int = { delivered in delivered.count { $0.arrivalNanos >= measuredFrom } }
  guard let runs = ReplayHarness.replay(policies: policies, configuration: configuration, measured: measured, makeSource: makeSource)
  else { return 0 }

  // Stepping pods are the reference the event-driven ones must match, request for request.
  let small = records.count <= 40 && records.allSatisfy { $0.outputTokens <= 256 && $0.inputTokens <= 8_192 }
  if policyByte & 0x10 != 0, small, let eventDriven = runs.first {
    var stepping = configuration
    stepping.podMode = .stepping
    guard let reference = ReplayHarness.replay(
      policies: [policies[0]], configuration: stepping, measured: measured, makeSource: makeSource)?.first
    else { fuzzFailure("the stepping replay failed where the event-driven one did not") }
    Fixed.compare(eventDriven, reference)
  }
  return 0
}

enum Fixed {
  static let rejecting = contracts("reject")
  static let queueing = contracts("queue")

  static func contracts(_ action: String) -> Contracts {
    let text = """
      tenants:
        t0: {reserved_mu_per_min: 2}
        t1: {reserved_mu_per_min: 30, burst_seconds: 5}
        tenant-0: {reserved_mu_per_min: 10}
        acme: {reserved_mu_per_min: 1}
      best_effort_mu_per_min: 5
      over_contract: \(action)
      max_queue_seconds: 1
      """
    do { return try ContractsFile.parse(text, path: "pipeline-contracts.yaml") } catch {
      fuzzFailure("the pipeline's contracts do not parse: \(error)")
    }
  }

  static let autoscaler: AutoscalerSettings = {
    var settings = AutoscalerSettings()
    settings.minPods = 2
    settings.maxPods = 4
    settings.window = .seconds(5)
    settings.upSustain = .seconds(2)
    settings.downSustain = .seconds(4)
    settings.coldStart = .seconds(1)
    return settings
  }()

  /// Up to two events: kind, pod 0...3 (the fleet has 2 or 3) and a time in the first 11 s.
  static func events(_ bytes: [UInt8]) -> [FleetEvent] {
    var events: [FleetEvent] = []
    for byte in bytes {
      let pod = PodID(Int((byte >> 3) & 3))
      let time = SimInstant(nanoseconds: SimDuration.seconds(0.25 + Double(byte >> 5) * 1.5).nanoseconds)
      let kind: FleetEvent.Kind
      switch byte & 7 {
      case 0, 5: kind = .podDown(pod)
      case 1, 6: kind = .podUp(pod)
      case 2: kind = .slowPod(pod, factor: 3)
      case 3: kind = .plannedTermination(pod)
      case 4: kind = .sharderOutage(duration: .seconds(5))
      default: continue
      }
      events.append(FleetEvent(time: time, kind: kind))
    }
    return events.sorted { $0.time < $1.time }
  }

  static func compare(_ a: PolicyMetrics, _ b: PolicyMetrics) {
    func same<T: Equatable>(_ x: T, _ y: T, _ what: String) {
      fuzzCheck(x == y, "\(a.policy): event-driven and stepping pods differ in \(what): \(x) vs \(y)")
    }
    same(a.completed, b.completed, "completed")
    same(a.rejected, b.rejected, "rejected")
    same(a.lost, b.lost, "lost")
    same(a.cachedTokens, b.cachedTokens, "cached tokens")
    same(a.outputTokens, b.outputTokens, "output tokens")
    same(a.preemptions, b.preemptions, "preemptions")
    same(a.ttft.summary, b.ttft.summary, "TTFT")
    same(a.e2e.summary, b.e2e.summary, "end-to-end latency")
  }
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_pipeline_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
