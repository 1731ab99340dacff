import Measurements

/// Which tenants a report lists one by one: all of them when they are few, else the busiest
/// `limit` by offered requests (ties: first seen), with the rest summed into one row, so that a
/// log of 100,000 tenants gives a readable `tenants.csv` rather than 400,000 rows.
struct TenantRows {
  /// Tenants listed one by one, at most.
  static let limit = 1_000

  /// Ids of the listed tenants, in order of first appearance (the order of smaller logs).
  var listed: [Int]
  /// The other tenants summed (name `other N tenants`), nil when every tenant is listed.
  var others: TenantMetrics?

  init(_ tenants: [TenantMetrics], limit: Int = TenantRows.limit) {
    let active = tenants.indices.filter { tenants[$0].offered > 0 }
    guard active.count > limit else {
      listed = active
      others = nil
      return
    }
    let busiest = active.sorted { tenants[$0].offered != tenants[$1].offered ? tenants[$0].offered > tenants[$1].offered : $0 < $1 }
    listed = busiest.prefix(limit).sorted()
    var sum = TenantMetrics(name: "other \(active.count - limit) tenants")
    var ttft = LatencyRecorder()
    for id in busiest.dropFirst(limit) {
      let tenant = tenants[id]
      sum.offered += tenant.offered
      sum.completed += tenant.completed
      sum.rejected += tenant.rejected
      sum.spilled += tenant.spilled
      sum.inputTokens += tenant.inputTokens
      sum.cachedTokens += tenant.cachedTokens
      ttft.add(tenant.ttft)
    }
    sum.ttft = CompactLatencyRecorder(ttft)
    others = sum
  }
}
