import Fleet
import Measurements
import Routing
import Testing
import Workload
@testable import Replay

@Suite struct CapacityCalibrationTests {
  @Test func theReferenceIsTheMeanOfTheFirstRequestsOnly() throws {
    var records = (0..<1_000).map { TraceRecord(arrivalNanos: Int64($0), inputTokens: 100 + $0 % 2, outputTokens: 20) }
    // Later requests do not move the reference: the capacity is settled before any policy runs.
    records += (0..<500).map { TraceRecord(arrivalNanos: Int64(1_000 + $0), inputTokens: 90_000, outputTokens: 900) }
    var source = ArrayRecordSource(records)
    let shape = try CapacityCalibration.referenceShape(of: &source)
    #expect(shape == RequestShape(inputTokens: 101, outputTokens: 20))  // mean 100.5, rounded
  }

  @Test func longPromptTrafficAtModerateLoadDoesNotSpillAboveCapacity() throws {
    // 16k-token prompts at a moderate load: against a 1,024-token reference the pods look over
    // capacity and mu-subset spills for that reason; against the traffic's own shape it does not.
    let records = (0..<240).map { i in
      TraceRecord(
        arrivalNanos: Int64(i) * 700_000_000, inputTokens: 16_000, outputTokens: 400, session: "s\(i % 40)",
        prefixBlocks: (0..<4).map { UInt64(i % 40 * 10 + $0) }, blockSize: 4_000)
    }
    var configuration = smallConfiguration(pods: 4)
    let fixed = try replay(records, configuration, policy: .muSubset)
    var source = ArrayRecordSource(records)
    configuration.capacityReference = try CapacityCalibration.referenceShape(of: &source)
    #expect(configuration.capacityReference == RequestShape(inputTokens: 16_000, outputTokens: 400))
    let calibrated = try replay(records, configuration, policy: .muSubset)
    let aboveCapacity = { (run: PolicyMetrics) in run.spilledByReason[.subsetAboveCapacity, default: 0] }
    #expect(aboveCapacity(fixed) > 0)
    #expect(aboveCapacity(calibrated) == 0)
    #expect(calibrated.completed == 240 && fixed.completed == 240)
  }
}
