import Fleet
import SimCore
import Testing

/// When the routers price requests with another profile (`--router-profile`), pods still report
/// the routers' estimate but also carry their own work, which the report measures load in.
@Suite struct PodWorkLoadTests {
  func requests(workFactor: Double?) -> [PodRequest] {
    (0..<6).map { i in
      var request = PodRequest(
        id: i, arrival: ms(Double(i) * 5), inputTokens: 64 + 16 * i, outputTokens: 20 + i, estimatedMU: 1 + Double(i),
        predictedOutputTokens: 24)
      request.workMU = workFactor.map { $0 * (1 + Double(i)) }
      return request
    }
  }

  let probes = stride(from: 1.0, through: 400, by: 7).map { ms($0) }

  @Test(arguments: [PodSimulationMode.eventDriven, .stepping])
  func workLoadFollowsTheWorkEstimateAndLeavesTheReportedLoadAlone(mode: PodSimulationMode) {
    let plain = drive(requests(workFactor: nil), profile: tinyProfile(), mode: mode, probes: probes)
    let doubled = drive(requests(workFactor: 2.5), profile: tinyProfile(), mode: mode, probes: probes)
    #expect(plain.completed == doubled.completed)
    var sawLoad = false
    for (a, b) in zip(plain.loads, doubled.loads) {
      // What the routers see is the same estimate either way.
      #expect(abs(a.inFlightMU - b.inFlightMU) < 1e-9)
      #expect(abs(a.workMU - a.inFlightMU) < 1e-9)
      // What the report measures is the pods' own work: 2.5x here.
      #expect(abs(b.workMU - 2.5 * b.inFlightMU) < 1e-6 * max(1, b.workMU))
      #expect(abs(b.workPrefillMU - 2.5 * b.prefillMU) < 1e-6 * max(1, b.workMU))
      if b.workMU > 0 { sawLoad = true }
    }
    #expect(sawLoad)
  }
}
