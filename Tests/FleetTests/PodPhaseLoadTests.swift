import Fleet
import SimCore
import Testing
import Workload

/// The in-flight MU split into the part of requests not yet past prefill and the decoding rest.
@Suite struct PodPhaseLoadTests {
  @Test(arguments: PodSimulationMode.allCases)
  func inFlightMUSplitsIntoPrefillAndDecode(mode: PodSimulationMode) throws {
    // 10 in / 5 out at 2 MU: prefilling 0-20 ms (all 2 MU prefill), then decoding 2*4/5 = 1.6
    // at 25 ms; at 45 ms decode 2*2/5 = 0.8 while request 2 (1 MU, arrived at 41) waits: prefill 1.
    let requests = [
      PodRequest(id: 1, arrival: .zero, inputTokens: 10, outputTokens: 5, prefixBlocks: [], blockTokens: 0, estimatedMU: 2),
      PodRequest(id: 2, arrival: ms(41), inputTokens: 10, outputTokens: 1, prefixBlocks: [], blockTokens: 0, estimatedMU: 1),
    ]
    let (_, _, loads) = drive(requests, profile: tinyProfile(), mode: mode, probes: [ms(10), ms(25), ms(45)])
    try #require(loads.count == 3)
    let prefill = [2.0, 0, 1]
    let decode = [0, 1.6, 0.8]
    for (i, load) in loads.enumerated() {
      #expect(abs(load.prefillMU - prefill[i]) < 1e-9, "prefill at probe \(i): \(load.prefillMU)")
      #expect(abs(load.decodeMU - decode[i]) < 1e-9, "decode at probe \(i): \(load.decodeMU)")
      #expect(abs(load.prefillMU + load.decodeMU - load.inFlightMU) < 1e-9)
    }
  }
}
