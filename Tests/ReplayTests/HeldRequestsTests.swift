import Routing
import SimCore
import Testing

@testable import Replay

/// Held requests alone: one retry pending at most, expiry after the longest hold, order kept.
@Suite struct HeldRequestsTests {
  static func request(_ sequence: Int, heldSince: SimInstant = .zero) -> HeldRequest {
    HeldRequest(
      route: RouteRequest(sequence: sequence, arrival: .zero, inputTokens: 1, predictedOutputTokens: 1, estimatedMU: 1),
      router: 0, outputTokens: 1, heldSince: heldSince)
  }

  @Test func onlyTheFirstHoldSchedulesARetryUntilItFires() {
    var held = HeldRequests(retryEvery: .milliseconds(10), maxHold: .seconds(1))
    let withNothingHeld = held.nextRetry(at: .zero)
    let first = held.hold(Self.request(0), at: .zero)
    let second = held.hold(Self.request(1), at: .zero + .milliseconds(3))
    held.retryFired()
    let afterFiring = held.nextRetry(at: .zero + .milliseconds(10))
    #expect(withNothingHeld == nil)
    #expect(first == .zero + .milliseconds(10))
    #expect(second == nil)
    #expect(afterFiring == .zero + .milliseconds(20))
  }

  @Test func aRetryTakesThemOldestFirstAndKeepsTheRestInOrder() {
    var held = HeldRequests(retryEvery: .milliseconds(10), maxHold: .seconds(1))
    for i in 0..<3 { _ = held.hold(Self.request(i), at: .zero) }
    held.retryFired()
    var taken: [Int] = []
    while let request = held.next() { taken.append(request.route.sequence) }
    #expect(taken == [0, 1, 2])
    #expect(held.isEmpty)
    held.keep([Self.request(2), Self.request(0)])
    #expect(held.count == 2)
    let next = held.next()
    #expect(next?.route.sequence == 2)
  }

  @Test func aRequestExpiresOnceHeldForMaxHold() {
    let held = HeldRequests(retryEvery: .milliseconds(10), maxHold: .seconds(1))
    let request = Self.request(0, heldSince: .zero + .seconds(2))
    #expect(!held.hasExpired(request, at: .zero + .seconds(3) - .milliseconds(1)))
    #expect(held.hasExpired(request, at: .zero + .seconds(3)))
  }
}
