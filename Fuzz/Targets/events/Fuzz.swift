import FuzzSupport
import Replay
import Routing
import SimCore

/// The fleet events file (`--events`): parsed as `FleetEventsFile.load` does (UTF-8, at most
/// 16 MiB) for a 2-4 pod fleet; events that parse then apply during a replay of the fixed log
/// under mu-subset and one other policy, with the engine's invariants checked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  var input = FuzzInput(data, size)
  let control = input.byte()
  let pods = 2 + Int(control & 3) % 3
  guard input.payload.count <= FleetEventsFile.maxBytes, let text = input.text else { return 0 }
  let events: [FleetEvent]
  do { events = try FleetEventsFile.parse(text, path: "fuzz.jsonl", pods: pods) } catch {
    fuzzCheck(!error.description.isEmpty && error.line >= 0, "a malformed events error")
    return 0
  }
  fuzzCheck(events.count <= FleetEventsFile.maxEvents, "\(events.count) events")
  fuzzCheck(zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time }, "events not in time order")
  var settings = ReplaySettings()
  settings.pods = pods
  settings.reportIntervalSeconds = 1
  settings.windowSeconds = 10
  guard var configuration = try? settings.configuration(blockSize: nil) else { fuzzFailure("default settings refused") }
  configuration.events = events
  let others: [RoutingPolicyKind] = [.p2c, .consistentHash, .roundRobin, .sglangCacheAware, .leastRequest, .prefixAware]
  let policies: [RoutingPolicyKind] = [.muSubset, others[Int(control >> 2) % others.count]]
  ReplayHarness.replayFixedLog(policies: policies, configuration: configuration)
  return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_events_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
