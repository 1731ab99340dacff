import Workload

/// A binary min-heap (for the reorder buffer and the k-way merge of sorted runs).
struct BinaryHeap<Element: Comparable> {
  /// The heap array: every element is no greater than its children.
  private(set) var items: [Element] = []

  var isEmpty: Bool { items.isEmpty }
  var count: Int { items.count }
  var min: Element? { items.first }

  mutating func push(_ element: Element) {
    items.append(element)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[child] < items[parent] else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  @discardableResult
  mutating func popMin() -> Element? {
    guard !items.isEmpty else { return nil }
    let last = items.count - 1
    items.swapAt(0, last)
    let result = items.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      guard left < items.count else { break }
      var smallest = left
      if left + 1 < items.count && items[left + 1] < items[left] { smallest = left + 1 }
      guard items[smallest] < items[parent] else { break }
      items.swapAt(smallest, parent)
      parent = smallest
    }
    return result
  }
}

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
