import SimCore
import Testing

@testable import Replay

/// The fleet lifecycle alone: transitions, incarnations that void stale events, and the pod a
/// scale-down retires.
@Suite struct FleetLifecycleTests {
  @Test func aCrashVoidsDetectionEventsOfThePodsEarlierLives() {
    var fleet = FleetLifecycle(pods: 2, autoscaler: nil)
    let first = fleet.crash(0)
    #expect(first == 1)
    #expect(fleet.isCurrent(0, incarnation: 1, in: .down))
    fleet.join(0, at: .zero)  // restarted before the routers noticed
    #expect(!fleet.isCurrent(0, incarnation: 1, in: .down))
    let third = fleet.crash(0)
    #expect(third == 3)
    #expect(fleet.provisioned == 1)
  }

  @Test func aDrainingPodThatCrashesNeedsNoDetection() {
    var fleet = FleetLifecycle(pods: 1, autoscaler: nil)
    let leftAtOnce = fleet.startDrain(0)
    #expect(!leftAtOnce)
    #expect(fleet.status[0] == .draining)
    #expect(!fleet.sharderHealthy[0])
    let incarnation = fleet.crash(0)
    #expect(incarnation == nil)
  }

  @Test func aPodInColdStartLeavesAtOnceWhenDrained() {
    var fleet = FleetLifecycle(pods: 1, autoscaler: nil)
    fleet.append(.absent)
    let incarnation = fleet.order(1)
    #expect(fleet.isCurrent(1, incarnation: incarnation, in: .starting))
    let leftAtOnce = fleet.startDrain(1)
    #expect(leftAtOnce)
    #expect(fleet.status[1] == .left)
    #expect(!fleet.isCurrent(1, incarnation: incarnation, in: .starting))
  }

  @Test func aDrainingPodLeavesOnlyWhenIdle() {
    var fleet = FleetLifecycle(pods: 1, autoscaler: nil)
    _ = fleet.startDrain(0)
    let whileBusy = fleet.leaveIfDrained(0, idle: false)
    let onceIdle = fleet.leaveIfDrained(0, idle: true)
    let again = fleet.leaveIfDrained(0, idle: true)
    #expect(!whileBusy)
    #expect(onceIdle)
    #expect(fleet.status[0] == .left)
    #expect(!again)
  }

  @Test func scaleDownRetiresTheLeastLoadedLivePodHighestIdOnTies() {
    var fleet = FleetLifecycle(pods: 4, autoscaler: nil)
    let mu: [Double] = [5, 2, 9, 2]
    #expect(fleet.podToRetire { mu[$0] } == 3)
    _ = fleet.startDrain(3)
    #expect(fleet.podToRetire { mu[$0] } == 1)
    for p in 0..<3 { _ = fleet.crash(p) }
    #expect(fleet.podToRetire { mu[$0] } == nil)
    fleet.append(.absent)
    _ = fleet.order(4)
    #expect(fleet.podToRetire { mu[$0] } == 4)
  }
}
