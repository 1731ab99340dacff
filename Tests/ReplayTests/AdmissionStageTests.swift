import Routing
import SimCore
import Testing

@testable import Replay

/// The admission stage alone: the overload ceiling, tenant registration, and the contract queue.
@Suite struct AdmissionStageTests {
  static let contracts = Contracts(
    tenants: [Contracts.Tenant(name: "acme", reservedMUPerMinute: 60, burstSeconds: 10)],
    bestEffortMUPerMinute: 30, bestEffortBurstSeconds: 10, overContract: .queue, maxQueue: .seconds(10))

  static func request(tenant: Int, mu: Double) -> HeldRequest {
    HeldRequest(
      route: RouteRequest(
        sequence: 0, arrival: .zero, inputTokens: 10, predictedOutputTokens: 1, estimatedMU: mu, tenant: tenant),
      router: 0, outputTokens: 1, heldSince: .zero)
  }

  @Test func theCeilingRefusesOnlyOnceTheSimulatorHoldsMaxWaiting() {
    let stage = AdmissionStage(maxWaiting: 3, contracts: nil)
    #expect(stage.admitsUnderCeiling(holding: 0))
    #expect(stage.admitsUnderCeiling(holding: 2))
    #expect(!stage.admitsUnderCeiling(holding: 3))
    #expect(!stage.admitsUnderCeiling(holding: 4))
  }

  @Test func withoutContractsEveryRequestGoesStraightOn() {
    var stage = AdmissionStage(maxWaiting: 10, contracts: nil)
    #expect(stage.register(through: 2, names: ["(none)", "a", "b"], at: .zero).isEmpty)
    #expect(stage.decide(tenant: 1, cost: 1_000, at: .zero) == nil)
    #expect(stage.settle(.reserved, tenant: 1, estimated: 5, actual: 9, at: .zero) == 0)
  }

  @Test func tenantsAreRegisteredOnceInIdOrder() {
    var stage = AdmissionStage(maxWaiting: 10, contracts: Self.contracts)
    let names = ["(none)", "acme", "globex"]
    #expect(stage.register(through: 1, names: names, at: .zero) == 0..<2)
    #expect(stage.register(through: 1, names: names, at: .zero).isEmpty)
    #expect(stage.register(through: 2, names: names, at: .zero) == 2..<3)
    #expect(stage.decide(tenant: 1, cost: 8, at: .zero) == .admit(.reserved))
  }

  @Test func queuedRequestsCountUntilReleasedOnce() {
    var stage = AdmissionStage(maxWaiting: 10, contracts: Self.contracts)
    let first = stage.enqueue(Self.request(tenant: 1, mu: 3))
    let second = stage.enqueue(Self.request(tenant: 1, mu: 4))
    #expect(stage.queued == 2)
    #expect(stage.release(slot: first)?.route.estimatedMU == 3)
    #expect(stage.release(slot: first) == nil)
    #expect(stage.queued == 1)
    #expect(stage.release(slot: second)?.route.estimatedMU == 4)
    #expect(stage.queued == 0)
  }
}
