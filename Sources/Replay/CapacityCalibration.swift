import Fleet
import Workload

/// Expresses a pod's MU capacity in the replayed traffic's own request shape.
///
/// A saturated pod holds more in-flight MU on 12k-token prompts than on short chat turns, so a
/// fixed reference shape would call a pod serving long prompts at 70% of its MU rate "over
/// capacity" (spilling, scaling up and colouring the heatmaps for nothing). The replay instead
/// takes the mean prompt and output length of the log's first requests, before any policy runs,
/// so every policy and sweep point is measured against the same capacity.
public enum CapacityCalibration {
  /// Requests sampled from the start of the log.
  public static let sampleSize = 1_000

  /// The mean shape of the first `sampleSize` records of `source`.
  public static func referenceShape(of source: inout some RecordSource, sampleSize: Int = sampleSize) throws -> RequestShape {
    var requests: [(Int, Int)] = []
    requests.reserveCapacity(sampleSize)
    while requests.count < sampleSize, let record = try source.next() {
      requests.append((record.inputTokens, record.outputTokens))
    }
    return RequestShape.mean(of: requests)
  }
}
