import Routing
import SimCore

/// The auto-sharder in the replay: its ticks and the lagged delivery of each new assignment to
/// the router replicas (`ShardingRuntime` keeps the sharder's state).
extension ReplayEngine {
  /// Replica `router` receives assignment `generation`, unless it already has a newer one.
  mutating func deliverAssignment(router: Int, generation: Int) {
    guard let table = sharding?.table(generation: generation), generation > (sharding?.routerGeneration[router] ?? 0)
    else { return }
    routers.adopt(table, router: router)
    sharding?.routerGeneration[router] = generation
  }

  mutating func tickSharder(at now: SimInstant) {
    guard var runtime = sharding, var shardingMetrics = recorder.metrics.sharding, now >= fleet.sharderOutageUntil else { return }
    let healthy = fleet.sharderHealthyPods
    let isFirst = runtime.currentGeneration == 0
    if let table = runtime.tick(now: now, healthyPods: healthy, metrics: &shardingMetrics) {
      for r in 0..<routers.count {
        if isFirst {
          // The fleet ran before the replay started: routers begin with the first assignment.
          routers.adopt(table, router: r)
          runtime.routerGeneration[r] = runtime.currentGeneration
        } else {
          control.schedule(.deliverAssignment(router: r, generation: runtime.currentGeneration), at: now + runtime.lag[r])
        }
      }
    }
    sharding = runtime
    recorder.metrics.sharding = shardingMetrics
  }
}
