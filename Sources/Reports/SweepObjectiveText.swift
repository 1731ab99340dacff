import Measurements
import Verdicts

/// A sweep's objective and its constraints in words, as `sweep.md`, `sweep.json` and the chart state them.
public enum SweepObjectiveText {
  /// E.g. "maximise cache hit rate subject to p99 imbalance <= 1.5 and spill rate <= 0.05; ties to the smaller subset".
  public static func describe(_ objective: SweepObjective) -> String {
    let limits = objective.constraints.map { constraint -> String in
      var text = "\(label(constraint)) <= \(NumberFormat.compact(constraint.limit, maxDigits: 3))"
      if constraint.metric == .imbalanceP99, let best = objective.bestImbalance, let factor = objective.maxImbalanceOverBest {
        text += " (\(NumberFormat.compact(factor)) x the best point's \(NumberFormat.compact(best, maxDigits: 3)))"
      }
      return text
    }
    let phrase = goalPhrase(objective.goal)
    if objective.maxImbalance == nil, let factor = objective.maxImbalanceOverBest {
      return phrase + " subject to imbalance p99 <= \(NumberFormat.compact(factor)) x the best point's"
        + limits.map { " and " + $0 }.joined() + "; ties to the smaller subset"
    }
    let subject = limits.isEmpty ? "" : " subject to " + limits.joined(separator: " and ")
    return phrase + subject + "; ties to the smaller subset"
  }

  static func goalPhrase(_ goal: SweepObjective.Goal) -> String {
    switch goal {
    case .maxCacheHit: "maximise cache hit rate"
    case .minP99TTFT: "minimise p99 TTFT over all offered requests (a rejected one counts as slower than any)"
    case .minImbalance: "minimise p99 load imbalance"
    case .minBlastRadius: "minimise blast radius (max load share)"
    }
  }

  /// The constrained metric in words.
  static func label(_ constraint: SweepConstraint) -> String {
    switch constraint.metric {
    case .imbalanceP99: "imbalance p99 (the max below 100 windows)"
    case .spillRate: "spill rate"
    case .routingRejectRate: "reject rate (oversized excluded)"
    default: constraint.metric.rawValue
    }
  }
}

extension ThresholdBreach {
  /// E.g. "point 3 mu-subset: spill_rate = 0.031 breaches 'spill_rate > 0.02'".
  public var line: String {
    (point.map { "point \($0) " } ?? "") + "\(policy): \(threshold.metric) = \(NumberFormat.compact(actual)) breaches '\(threshold)'"
  }
}
