// Shared vocabulary: routers decide a spill's reason, measurements count spills by it.

/// Why a request left its preferred pods, or was held or refused.
public enum SpillReason: String, Sendable, Equatable, CaseIterable {
  /// Every pod of the key's subset was above `c` times the fleet mean.
  case subsetAboveThreshold = "subset_above_threshold"
  /// Every pod of the key's subset was above its capacity.
  case subsetAboveCapacity = "subset_above_capacity"
  /// No pod of the key's subset was routable (down, draining, unassigned).
  case subsetUnavailable = "subset_unavailable"
  /// No routable pod anywhere.
  case noRoutablePod = "no_routable_pod"
}
