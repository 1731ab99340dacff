import Workload

/// A record waiting in a heap, ordered by arrival then by its original position.
struct PendingRecord: Comparable {
  var arrival: Int64
  var sequence: Int
  var record: TraceRecord

  static func < (lhs: PendingRecord, rhs: PendingRecord) -> Bool {
    lhs.arrival != rhs.arrival ? lhs.arrival < rhs.arrival : lhs.sequence < rhs.sequence
  }

  static func == (lhs: PendingRecord, rhs: PendingRecord) -> Bool {
    lhs.arrival == rhs.arrival && lhs.sequence == rhs.sequence
  }
}
