import FuzzSupport
import Replay
import Routing

/// The contracts file (`--contracts`): parsed as `ContractsFile.load` does (UTF-8, at most 1 MiB);
/// contracts that parse then admit the fixed log (tenants `tenant-0`...`tenant-2`) on a 2-pod
/// fleet under p2c and mu-subset, with the engine's invariants checked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  var input = FuzzInput(data, size)
  let pods = 2 + Int(input.byte() & 1)
  guard input.payload.count <= 1 << 20, let text = input.text else { return 0 }
  let contracts: Contracts
  do { contracts = try ContractsFile.parse(text, path: "fuzz.yaml") } catch {
    fuzzCheck(!error.description.isEmpty, "an empty contracts error")
    return 0
  }
  fuzzCheck(zip(contracts.tenants, contracts.tenants.dropFirst()).allSatisfy { $0.name <= $1.name }, "tenants not sorted")
  for tenant in contracts.tenants {
    fuzzCheck(tenant.reservedMUPerMinute.isFinite && tenant.reservedMUPerMinute > 0, "reserved rate \(tenant.reservedMUPerMinute)")
    fuzzCheck(tenant.burstSeconds.isFinite && tenant.burstSeconds > 0, "burst \(tenant.burstSeconds)")
  }
  var settings = ReplaySettings()
  settings.pods = pods
  settings.contracts = contracts
  guard let configuration = try? settings.configuration(blockSize: nil) else {
    fuzzFailure("contracts that parse were refused by the configuration")
  }
  ReplayHarness.replayFixedLog(policies: [.p2c, .muSubset], configuration: configuration)
  return 0
}

/// SwiftPM links an executable's entry point as `<module>_main`: start libFuzzer from it.
@_cdecl("fuzz_contracts_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runFuzzer(argc, argv, fuzz)
}
