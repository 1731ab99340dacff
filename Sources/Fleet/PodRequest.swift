import SimCore
import Workload

/// A request as the replay driver hands it to a pod.
public struct PodRequest: Sendable, Equatable {
  /// Unique id within a replay (e.g. the position in the log).
  public var id: Int
  public var arrival: SimInstant
  /// Prompt tokens, including any prefix that may be cached (below 1 is treated as 1).
  public var inputTokens: Int
  /// Tokens to generate; 0 is treated as 1 (a response always carries a first token, and the
  /// prefill pass that makes it is the request's whole cost).
  public var outputTokens: Int
  /// Chained prefix-block ids: equal id at position i means equal prompt prefix through block i.
  public var prefixBlocks: [UInt64]
  /// Tokens per prefix block of `prefixBlocks` (the log's block size; 0 when there are none).
  public var blockTokens: Int
  /// The MU the router estimated at admission; the pod reports its remaining share as load.
  public var estimatedMU: Double
  /// The output length the router predicted (what `estimatedMU` was priced at); nil means the
  /// true length is known (an oracle). The pod never reads `outputTokens` to report load: a
  /// decoder's in-flight MU falls along this prediction, re-predicted when outlived.
  public var predictedOutputTokens: Int?
  /// The client's cap on output tokens (`max_tokens`), when the log has it.
  public var maxTokens: Int?
  /// The request's MU under the pods' own profile when the routers price requests with another
  /// (`--router-profile`, `--router-scale`); nil when they agree. Pods report `estimatedMU` to
  /// the routers, as production's would, but the report measures load in this true work.
  public var workMU: Double?

  /// The MU the report measures load in: `workMU` when the routers believe another profile.
  public var measuredMU: Double { workMU ?? estimatedMU }

  public init(
    id: Int, arrival: SimInstant, inputTokens: Int, outputTokens: Int, prefixBlocks: [UInt64] = [],
    blockTokens: Int = 0, estimatedMU: Double = 0, predictedOutputTokens: Int? = nil, maxTokens: Int? = nil
  ) {
    self.id = id
    self.arrival = arrival
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.prefixBlocks = prefixBlocks
    self.blockTokens = blockTokens
    self.estimatedMU = estimatedMU
    self.predictedOutputTokens = predictedOutputTokens
    self.maxTokens = maxTokens
  }

  /// Output tokens a pod must be able to hold at admission: `max_tokens` when the client sent
  /// it (vLLM checks the prompt plus `max_tokens`), else the predicted length.
  public var admissionOutputTokens: Int {
    if let maxTokens, maxTokens > 0 { return maxTokens }
    return predictedOutputTokens ?? outputTokens
  }

  /// The prediction after a decoder has generated `generated` tokens, at least its current one:
  /// a request that outlives its prediction is expected to run as long again, and at least
  /// `repredictionFloorTokens` more (so that a short guess is not re-made every few tokens).
  public static func reprediction(generated: Int) -> Int {
    generated + max(generated, repredictionFloorTokens)
  }

  /// The fewest tokens a re-prediction adds to what a decoder has generated.
  public static let repredictionFloorTokens = 32
}

/// A request that finished on a pod, with its timeline.
public struct CompletedRequest: Sendable, Equatable {
  public var id: Int
  public var arrival: SimInstant
  /// Start of the request's first prefill pass.
  public var firstScheduled: SimInstant
  /// End of the pass that produced output token 1.
  public var firstToken: SimInstant
  /// End of the pass that produced the last output token.
  public var completion: SimInstant
  /// Prompt tokens served from the prefix cache when the request was first scheduled.
  public var cachedTokens: Int
  /// Times the request was preempted and recomputed.
  public var preemptions: Int
  /// Output tokens generated: the request's `outputTokens`, at least 1, or fewer when the answer
  /// outgrew the pod's whole KV memory (`PodStatistics.truncatedAtKV`).
  public var outputTokens: Int

  public init(
    id: Int, arrival: SimInstant, firstScheduled: SimInstant, firstToken: SimInstant,
    completion: SimInstant, cachedTokens: Int, preemptions: Int, outputTokens: Int = 1
  ) {
    self.id = id
    self.arrival = arrival
    self.firstScheduled = firstScheduled
    self.firstToken = firstToken
    self.completion = completion
    self.cachedTokens = cachedTokens
    self.preemptions = preemptions
    self.outputTokens = outputTokens
  }

  /// Time from arrival to the first prefill pass.
  public var queueingDelay: SimDuration { firstScheduled - arrival }
  /// Time to first token.
  public var ttft: SimDuration { firstToken - arrival }
  /// End-to-end latency.
  public var endToEnd: SimDuration { completion - arrival }
  /// Mean time per output token after the first; nil for a one-token response.
  public var tpot: SimDuration? {
    TimePerOutputToken.of(firstToken: firstToken, completion: completion, outputTokens: outputTokens)
  }
}

/// How a pod advances time.
public enum PodSimulationMode: String, Sendable, CaseIterable, NamedChoice {
  /// Decode-only runs of passes advance in closed form to the next event (fast).
  case eventDriven
  /// Every pass is simulated one by one (the slow reference).
  case stepping

  /// The name of `--pod-mode` and `fleet.pod_mode`.
  public var name: String {
    switch self {
    case .eventDriven: "event"
    case .stepping: "stepping"
    }
  }
}

/// What a pod reports about its load at one instant.
public struct PodLoadReport: Sendable, Equatable {
  public var running: Int
  public var waiting: Int
  /// KV blocks pinned by running requests (private blocks plus shared prefix blocks in use).
  public var kvUsedBlocks: Int
  public var kvCapacityBlocks: Int
  /// Sum over waiting and prefilling requests of their estimated MU, plus over decoding
  /// requests of the estimate times the share of their *predicted* output still to generate
  /// (re-predicted when outlived: `PodRequest.reprediction`).
  public var inFlightMU: Double
  /// The part of `inFlightMU` held by requests not yet past their prefill (waiting or
  /// prefilling, each at its full estimate): what a queue of prompts weighs. The rest,
  /// `decodeMU`, is what decoding requests still have to generate.
  public var prefillMU: Double
  /// Blocks held by the prefix cache that no running request uses (evictable).
  public var cachedBlocks: Int
  /// `inFlightMU` and `prefillMU` in the pods' own work (`PodRequest.measuredMU`): what the
  /// report measures. They equal the two above unless the routers believe another profile.
  public var workMU: Double = 0
  public var workPrefillMU: Double = 0

  public init(
    running: Int, waiting: Int, kvUsedBlocks: Int, kvCapacityBlocks: Int, inFlightMU: Double, cachedBlocks: Int,
    prefillMU: Double = 0
  ) {
    self.running = running
    self.waiting = waiting
    self.kvUsedBlocks = kvUsedBlocks
    self.kvCapacityBlocks = kvCapacityBlocks
    self.inFlightMU = inFlightMU
    self.prefillMU = min(max(0, prefillMU), max(0, inFlightMU))
    self.cachedBlocks = cachedBlocks
    workMU = self.inFlightMU
    workPrefillMU = self.prefillMU
  }

  /// The part of `inFlightMU` held by decoding requests.
  public var decodeMU: Double { max(0, inFlightMU - prefillMU) }

  /// Share of KV blocks in use (0...1).
  public var kvUtilization: Double { Double(kvUsedBlocks) / Double(max(1, kvCapacityBlocks)) }
}

/// Counters a pod accumulates over its life.
public struct PodStatistics: Sendable, Equatable {
  /// Prefix-cache hits and misses, counted each time a request is scheduled (again after a preemption).
  public var hitTokens = 0
  public var missTokens = 0
  public var hitBlocks = 0
  public var missBlocks = 0
  /// Cached blocks (and cache entries) evicted to make room.
  public var evictedBlocks = 0
  public var evictedEntries = 0
  public var preemptions = 0
  /// Requests refused at `admit` because their prompt plus `max_tokens` (or plus the predicted
  /// output when the log has no `max_tokens`) could never fit in the pod's KV memory.
  public var rejectedOversized = 0
  /// Admitted requests whose true output outgrew the pod's whole KV memory: they stop where
  /// the memory ends, as a request stops at the model's context length.
  public var truncatedAtKV = 0
  /// Times a decoder outlived its predicted output length and was re-predicted.
  public var repredictions = 0
  /// Sum of pass durations.
  public var busyTime = SimDuration.zero
  /// Passes (iterations) simulated, in closed form or one by one.
  public var iterations = 0
  /// Passes whose batch was composed one by one (the rest were advanced in closed form).
  public var composedIterations = 0
  public var completed = 0

  public init() {}

  /// Token-weighted prefix-cache hit rate.
  public var hitRate: Double {
    let total = hitTokens + missTokens
    return total == 0 ? 0 : Double(hitTokens) / Double(total)
  }
}
