import SimCore
import Workload

/// What happened to the fleet itself during a replay: injected events, requests re-routed away
/// from crashed pods, autoscaler actions, the pod count over time and its cost in pod-minutes.
public struct FleetMetrics: Sendable {
  /// One fleet event as it was applied, for report markers and the events list.
  public struct Event: Sendable, Equatable {
    public var time: SimInstant
    public var label: String

    /// An event applied at `time`.
    public init(time: SimInstant, label: String) {
      self.time = time
      self.label = label
    }
  }

  /// What an autoscaler did, or what followed from it; the raw value is `scaling.csv`'s `action`.
  public enum ScalingKind: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// A pod was ordered; its cold start begins.
    case scaleUp = "scale_up"
    /// A pod ordered by a scale-up finished its cold start.
    case podReady = "pod_ready"
    /// A pod was chosen to drain.
    case scaleDown = "scale_down"
    /// A drained pod left the fleet.
    case podLeft = "pod_left"

    public var description: String { rawValue }
  }

  /// One autoscaler action (or its consequence: a pod ready after cold start, a drained pod gone).
  public struct ScalingAction: Sendable, Equatable {
    public var action: ScalingKind
    public var time: SimInstant
    public var pod: PodID
    /// The windowed MU utilisation that triggered the decision (for `scale_up`/`scale_down`).
    public var utilisation: Double
    /// Pods provisioned (starting, live or draining) after the action.
    public var podsAfter: Int

    /// One action on `pod` at `time`.
    public init(action: ScalingKind, time: SimInstant, pod: PodID, utilisation: Double, podsAfter: Int) {
      self.action = action
      self.time = time
      self.pod = pod
      self.utilisation = utilisation
      self.podsAfter = podsAfter
    }
  }

  /// The provisioned pod count from `time` on (a step function).
  public struct PodCountStep: Sendable, Equatable {
    public var time: SimInstant
    public var pods: Int

    /// `pods` provisioned from `time` on.
    public init(time: SimInstant, pods: Int) {
      self.time = time
      self.pods = pods
    }
  }

  /// Fleet events applied, in time order.
  public var events: [Event] = []
  /// Requests sent to a pod that had crashed before the router knew, and routed once more.
  public var rerouted = 0
  /// True when the autoscaler was on for the run.
  public var autoscaled = false
  /// Autoscaler actions in time order.
  public var scaling: [ScalingAction] = []
  /// Provisioned pods over time; the first step is at 0.
  public var podCount: [PodCountStep] = []
  /// Integral of provisioned pods over simulated time, in pod-seconds (set by `finish`).
  public var podSeconds: Double = 0
  /// Prompt and cached tokens of requests completed on pods in their first minute after
  /// joining the fleet (scale-up or `pod_up`): how warm a new pod's cache is.
  public var warmupInputTokens = 0
  public var warmupCachedTokens = 0

  /// Nothing happened yet.
  public init() {}

  /// Pods provisioned at once at the busiest moment.
  public var peakPods: Int { podCount.map(\.pods).max() ?? 0 }

  /// Provisioned pod-minutes over the run.
  public var podMinutes: Double { podSeconds / 60 }

  /// Pods the autoscaler ordered.
  public var scaleUps: Int { scaling.count { $0.action == .scaleUp } }
  /// Pods the autoscaler drained.
  public var scaleDowns: Int { scaling.count { $0.action == .scaleDown } }

  /// Pod-minutes a fixed fleet of the peak size would have used over `duration`.
  public func fixedPeakPodMinutes(over duration: SimDuration) -> Double {
    Double(peakPods) * duration.seconds / 60
  }

  /// Cache hit rate of new pods in their first minute (0 when no pod joined).
  public var warmupHitRate: Double {
    warmupInputTokens > 0 ? Double(warmupCachedTokens) / Double(warmupInputTokens) : 0
  }

  /// Records that `pods` pods are provisioned from `time` on.
  public mutating func setPodCount(_ pods: Int, at time: SimInstant) {
    if let last = podCount.last {
      if last.pods == pods { return }
      if last.time == time {
        podCount[podCount.count - 1].pods = pods
        if podCount.count > 1 && podCount[podCount.count - 2].pods == pods { podCount.removeLast() }
        return
      }
    }
    podCount.append(PodCountStep(time: time, pods: pods))
  }

  /// Closes the step function at the end of the run and integrates it into `podSeconds`.
  public mutating func finish(at end: SimInstant) {
    guard let last = podCount.last else { return }
    if end > last.time { podCount.append(PodCountStep(time: end, pods: last.pods)) }
    podSeconds = 0
    for (step, next) in zip(podCount, podCount.dropFirst()) {
      podSeconds += Double(step.pods) * (next.time - step.time).seconds
    }
  }
}
