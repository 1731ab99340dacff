import HeapModule

/// A priority queue of events ordered by `(time, insertion sequence)`.
///
/// Heap order alone is unspecified for equal keys, so every entry carries a sequence number
/// owned by this queue: two events at the same instant pop in the order they were scheduled.
/// `schedule` and `popNext` are O(log n).
public struct EventQueue<Event: Sendable>: Sendable {
  @usableFromInline
  struct Entry: Comparable, Sendable {
    @usableFromInline var time: SimInstant
    @usableFromInline var sequence: UInt64
    @usableFromInline var event: Event

    @inlinable init(time: SimInstant, sequence: UInt64, event: Event) {
      self.time = time
      self.sequence = sequence
      self.event = event
    }

    @inlinable static func < (lhs: Entry, rhs: Entry) -> Bool {
      if lhs.time != rhs.time { return lhs.time < rhs.time }
      return lhs.sequence < rhs.sequence
    }
    @inlinable static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.sequence == rhs.sequence }
  }

  @usableFromInline var heap = Heap<Entry>()
  @usableFromInline var nextSequence: UInt64 = 0

  public init() {}

  /// Number of pending events.
  @inlinable public var count: Int { heap.count }
  @inlinable public var isEmpty: Bool { heap.isEmpty }

  /// The time of the earliest pending event, if any.
  @inlinable public var nextTime: SimInstant? { heap.min?.time }

  /// Adds `event` at `time`; among events at the same time it runs after those already queued.
  @inlinable public mutating func schedule(_ event: Event, at time: SimInstant) {
    heap.insert(Entry(time: time, sequence: nextSequence, event: event))
    nextSequence &+= 1
  }

  /// Removes and returns the earliest event.
  @inlinable public mutating func popNext() -> (time: SimInstant, event: Event)? {
    guard let entry = heap.popMin() else { return nil }
    return (entry.time, entry.event)
  }
}
