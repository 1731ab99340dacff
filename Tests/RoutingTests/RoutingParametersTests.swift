import Testing

@testable import Routing

@Suite struct RoutingParametersTests {
  @Test func defaultsAreThePublishedValues() {
    let defaults = RoutingParameters()
    #expect(defaults.spillFactor == 1.25 && defaults.boundedLoadFactor == 1.25)
    #expect(defaults.spillPolicy == .global && defaults.muFloor == 1)
    #expect(defaults.virtualNodesPerPod == 160)
    #expect(defaults.sglangCacheThreshold == 0.3)
    #expect(defaults.sglangBalanceAbsThreshold == 64 && defaults.sglangBalanceRelThreshold == 1.5)
    #expect(defaults.dynamoPrefillLoadScale == 1)
    #expect(defaults.llmdPrefixWeight == 3 && defaults.llmdQueueWeight == 2 && defaults.llmdKVUtilizationWeight == 1)
    #expect(SpillPolicy.allCases.map(\.rawValue) == ["global", "queue", "reject", "none"])
    #expect(throws: Never.self) { try defaults.validated() }
  }

  @Test func validationNamesTheFieldAndTheFix() {
    var parameters = RoutingParameters()
    parameters.boundedLoadFactor = 0.9
    #expect(throws: RoutingParametersError.self) { try parameters.validated() }
    do {
      _ = try parameters.validated()
    } catch {
      #expect(error.field == "boundedLoadFactor")
      #expect(error.description.contains("boundedLoadFactor = 0.9"))
      #expect(error.description.contains("at least 1"))
    }
    parameters = RoutingParameters()
    parameters.dynamoBlockSize = 0
    #expect(throws: RoutingParametersError(field: "dynamoBlockSize", value: "0", requirement: "at least 1 token")) {
      try parameters.validated()
    }
  }
}
