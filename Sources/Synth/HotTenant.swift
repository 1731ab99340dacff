/// Scenario: one tenant's traffic share multiplied by `multiplier` inside a time window
/// (the other tenants' shares shrink so that the total rate is unchanged).
public struct HotTenant: Sendable, Equatable {
  /// Index of the tenant (`tenant-<index>`).
  public var tenant: Int
  /// Factor on that tenant's Zipf weight inside the window.
  public var multiplier: Double
  /// Window start, in seconds from the log's origin.
  public var startSeconds: Double
  /// Window length in seconds.
  public var durationSeconds: Double

  /// A hot-tenant window.
  public init(tenant: Int = 3, multiplier: Double = 10, startSeconds: Double = 600, durationSeconds: Double = 600) {
    self.tenant = tenant
    self.multiplier = multiplier
    self.startSeconds = startSeconds
    self.durationSeconds = durationSeconds
  }
}
