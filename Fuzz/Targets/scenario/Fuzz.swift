import Fleet
import FuzzSupport
import Replay
import Routing

/// The scenario file (`--scenario`): parsed and checked as `Scenario.load` does (UTF-8, at most
/// 1 MiB), applied over the defaults and turned into a replay configuration as the command line
/// does. A configuration small enough to run here (at most 4 pods and 4 routers) then replays the
/// fixed log under the scenario's first two policies, with the engine's invariants checked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let input = FuzzInput(data, size)
  guard input.payload.count <= 1 << 20, let text = input.text else { return 0 }
  let scenario: Scenario
  do { scenario = try Scenario.parse(text, path: "fuzz.yaml") } catch {
    fuzzCheck(!error.description.isEmpty, "an empty scenario error")
    return 0
  }
  var settings = ReplaySettings()
  settings.apply(scenario)
  // A profile path would read a file named by the fuzzer: keep to the built-in profiles.
  if CostProfile.builtIn(named: settings.profile) == nil { settings.profile = "llama-3-8b-a100" }
  let configuration: ReplayConfiguration
  do { configuration = try settings.configuration(blockSize: nil) } catch {
    fuzzCheck(!error.description.isEmpty, "an empty configuration error")
    return 0
  }
  guard configuration.pods <= 4, configuration.routers <= 4 else { return 0 }
  let policies = Array(settings.policies.prefix(2))
  guard !policies.isEmpty else { return 0 }
  ReplayHarness.replayFixedLog(policies: policies, configuration: configuration)
  return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_scenario_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
