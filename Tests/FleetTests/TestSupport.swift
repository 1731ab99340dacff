import Fleet
import SimCore
import Workload

/// A profile with round numbers for hand computation: a = 10 ms, b = 1 ms/token, the rest 0.
func tinyProfile(kvBlocks: Int = 10_000, blockTokens: Int = 16, maxRunning: Int = 256, budget: Int = 8192) -> CostProfile {
  CostProfile(
    name: "tiny", fixedMillis: 10, prefillTokenMillis: 1, kvCapacityBlocks: kvBlocks, blockTokens: blockTokens,
    maxRunningRequests: maxRunning, prefillTokenBudget: budget)
}

func ms(_ value: Double) -> SimInstant { SimInstant(nanoseconds: Int64((value * 1e6).rounded())) }

/// Replays `requests` (sorted by arrival) through one pod, the way the replay driver does:
/// the pod's own events at t run before an arrival at t. `probes` are instants at which the
/// load report is sampled.
func drive(
  _ requests: [PodRequest], profile: CostProfile, mode: PodSimulationMode, probes: [SimInstant] = [],
  slowdowns: [(SimInstant, Double)] = []
) -> (completed: [CompletedRequest], pod: Pod, loads: [PodLoadReport]) {
  var pod = Pod(id: PodID(0), profile: profile, mode: mode)
  var completed: [CompletedRequest] = []
  var loads: [PodLoadReport] = []
  var nextRequest = 0
  var nextProbe = 0
  var nextSlowdown = 0
  while true {
    let arrival = nextRequest < requests.count ? requests[nextRequest].arrival : nil
    let probe = nextProbe < probes.count ? probes[nextProbe] : nil
    let event = pod.nextEventTime
    let slowdown = nextSlowdown < slowdowns.count ? slowdowns[nextSlowdown].0 : nil
    let candidates = [event, arrival, probe, slowdown].compactMap { $0 }
    guard let now = candidates.min() else { break }
    pod.advance(to: now, into: &completed)
    if let slowdown, slowdown == now {
      pod.setSlowdown(slowdowns[nextSlowdown].1, at: now)
      nextSlowdown += 1
    } else if let probe, probe == now {
      loads.append(pod.load(at: now))
      nextProbe += 1
    } else if let arrival, arrival == now {
      pod.admit(requests[nextRequest], at: now)
      nextRequest += 1
    }
  }
  return (completed, pod, loads)
}
