import Fleet
import Foundation
import FuzzSupport
import Replay

/// The cost profile file (`--profile FILE`): decoded and checked as `CostProfile.load` does. A
/// profile that loads must be one the configuration accepts; it then runs the fixed log on a 2-3
/// pod fleet under p2c and mu-subset with the engine's invariants checked (in the library, with
/// `MUROUTE_INTERNAL_CHECKS`, each pod's KV within its capacity and its cache pools balanced).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  var input = FuzzInput(data, size)
  let pods = 2 + Int(input.byte() & 1)
  let profile: CostProfile
  do { profile = try CostProfile.decode(Data(input.payload), path: "fuzz.json") } catch {
    fuzzCheck(!error.description.isEmpty, "an empty profile error")
    return 0
  }
  fuzzCheck(profile.firstInvalidField() == nil, "a profile that loads has an invalid field")
  var settings = ReplaySettings()
  settings.pods = pods
  guard var configuration = try? settings.configuration(blockSize: nil) else { fuzzFailure("the default settings were refused") }
  configuration.profile = profile
  do { try configuration.validate() } catch { fuzzFailure("a profile that loads was refused by the configuration: \(error)") }
  ReplayHarness.replayFixedLog(policies: [.p2c, .muSubset], configuration: configuration)
  return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_profile_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
