import Measurements
import SimCore

/// Pods that saturated on one phase of the work: the MU scalar weighs a queue of prompts and a
/// batch of long answers alike, so a balancer that routes on it cannot tell a pod starved of
/// prefill compute from one starved of decode bandwidth (the design's admitted weakness
/// against token-aware balancing). This names the pods where the difference showed.
public struct PhaseBoundPods: Sendable, Equatable {
  /// One pod's time spent saturated with one phase holding most of its in-flight MU.
  public struct Pod: Sendable, Equatable {
    public var pod: Int
    public var prefillSeconds: Double
    public var decodeSeconds: Double
  }

  /// Pods with any phase-bound sample, in pod order.
  public var pods: [Pod]

  public init(_ series: PodWindowSeries, sampleInterval: SimDuration) {
    var prefill: [Int] = []
    var decode: [Int] = []
    for row in series.cells {
      if prefill.count < row.count {
        prefill += repeatElement(0, count: row.count - prefill.count)
        decode += repeatElement(0, count: row.count - decode.count)
      }
      for (p, cell) in row.enumerated() {
        prefill[p] += cell.samplesPrefillBound
        decode[p] += cell.samplesDecodeBound
      }
    }
    let seconds = sampleInterval.seconds
    pods = prefill.indices.filter { prefill[$0] > 0 || decode[$0] > 0 }.map {
      Pod(pod: $0, prefillSeconds: Double(prefill[$0]) * seconds, decodeSeconds: Double(decode[$0]) * seconds)
    }
  }

  /// Pods listed per phase in the report, the longest-bound first.
  static let shown = 5

  /// The hotspot section's line, or "" when no pod saturated on one phase.
  public var markdownLine: String {
    guard !pods.isEmpty else { return "" }
    func list(_ seconds: KeyPath<Pod, Double>) -> String? {
      let bound = pods.filter { $0[keyPath: seconds] > 0 }
        .sorted { $0[keyPath: seconds] != $1[keyPath: seconds] ? $0[keyPath: seconds] > $1[keyPath: seconds] : $0.pod < $1.pod }
      guard !bound.isEmpty else { return nil }
      var items = bound.prefix(Self.shown).map { "pod \($0.pod) (\(NumberFormat.grouped($0[keyPath: seconds], 0)) s)" }
      if bound.count > Self.shown { items.append("\(NumberFormat.grouped(bound.count - Self.shown)) more") }
      return items.joined(separator: ", ")
    }
    let parts = [list(\.prefillSeconds).map { "prefill-bound " + $0 }, list(\.decodeSeconds).map { "decode-bound " + $0 }]
    return "- Saturated on one phase (above 90% of capacity with more than \(NumberFormat.percent(PodWindowCell.boundShare, 0)) "
      + "of the in-flight MU in prefill, or in decode): " + parts.compactMap { $0 }.joined(separator: "; ")
      + ". The MU scalar prices both phases alike, so MU routing cannot relieve the phase that binds.\n"
  }
}
