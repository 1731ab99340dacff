import Workload
@testable import Synth

/// A small, fast configuration: flat rate, no scenarios, `requests` records.
func flatConfiguration(requests: Int, rate: Double = 100, seed: UInt64 = 11) -> SynthConfiguration {
  SynthConfiguration(requests: requests, seed: seed, load: .requestsPerSecond(rate), rate: .flat)
}

/// Every record `configuration` generates.
func generateAll(_ configuration: SynthConfiguration) throws -> [TraceRecord] {
  var generator = try SynthGenerator(configuration: configuration)
  var records: [TraceRecord] = []
  while let record = generator.next() { records.append(record) }
  return records
}
