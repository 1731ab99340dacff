import SimCore
import Testing
import Workload

@testable import Sharding

@Suite struct AutoSharderTests {
  static func seconds(_ value: Double) -> SimInstant { .zero + .seconds(value) }

  @Test func generationRulesAndRateLimit() throws {
    var sharder = AutoSharder(config: .init(maxLoadHint: 100))
    let empty = SliceLoadTracker(assignment: equalSlices([[0]]), at: .zero)
    let generated = sharder.maybeGenerate(now: .zero, healthyPods: pods(3), tracker: empty)
    let first = try #require(generated)
    var tracker = SliceLoadTracker(assignment: first, at: .zero)
    #expect(sharder.lastGeneration?.reason == .firstAssignment)
    #expect(first.generation == 1)
    // Nothing due 5 s later; a health change at 5 s waits for the 10 s rate limit.
    #expect(sharder.maybeGenerate(now: Self.seconds(5), healthyPods: pods(3), adoptingInto: &tracker) == nil)
    #expect(sharder.maybeGenerate(now: Self.seconds(5), healthyPods: pods(2), adoptingInto: &tracker) == nil)
    let regenerated = sharder.maybeGenerate(now: Self.seconds(10), healthyPods: pods(2), adoptingInto: &tracker)
    let afterFailure = try #require(regenerated)
    #expect(sharder.lastGeneration?.reason == .healthChange)
    #expect(afterFailure.generation == 2 && afterFailure.pods == pods(2))
    #expect(tracker.lows == afterFailure.lows)
    // Pod 2's third of the key space had to move.
    let churn = try #require(sharder.lastGeneration?.churn)
    #expect(churn.keySpaceChanged >= 0.3)
    // Load balancing is due 60 s after the last generation (10 s): at 70 s, not at 69 s.
    #expect(sharder.maybeGenerate(now: Self.seconds(69), healthyPods: pods(2), adoptingInto: &tracker) == nil)
    #expect(sharder.maybeGenerate(now: Self.seconds(70), healthyPods: pods(2), adoptingInto: &tracker) != nil)
    #expect(sharder.lastGeneration?.reason == .loadBalancing)
    #expect(sharder.nextLoadBalancingTime == Self.seconds(130))
  }

  @Test func noHealthyPodsNoAssignment() {
    var sharder = AutoSharder(config: .init())
    let tracker = SliceLoadTracker(assignment: equalSlices([[0]]), at: .zero)
    #expect(sharder.maybeGenerate(now: .zero, healthyPods: [], tracker: tracker) == nil)
    #expect(sharder.current == nil)
  }
}
