import Measurements
import Testing

@testable import Reports

@Suite struct MetricKeyTests {
  /// Every summary.csv column is a metric key spelled exactly as the column, and every key is a
  /// column: a key without a column would be a lookup that always reads 0.
  @Test func keysRoundTripToTheColumnNames() {
    let columns = SummaryMetrics.names(withAdmission: true)
    for column in columns {
      #expect(MetricKey(rawValue: column)?.rawValue == column, "column \(column) has no metric key")
    }
    #expect(Set(MetricKey.allCases.map(\.rawValue)) == Set(columns))
    #expect(columns.count == MetricKey.allCases.count, "a column appears twice")
  }

  @Test func rowLookupByKey() {
    let row = [SummaryMetric(.spillRate, 0.25), SummaryMetric(.requests, 4, digits: 0)]
    #expect(row[.spillRate] == 0.25)
    #expect(row[.requests] == 4)
    #expect(row[.cacheHitRate] == nil)
    #expect(row.map(\.name) == ["spill_rate", "requests"])
  }
}
