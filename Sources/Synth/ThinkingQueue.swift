/// A binary min-heap of sessions keyed by the time they become ready (ties: lower slot first).
///
/// Specialised because it runs once per follow-up turn: flat `(time, slot)` pairs compare faster
/// than a generic event queue's entries.
struct ThinkingQueue: Sendable {
  private var times: [Int64] = []
  private var slots: [Int32] = []

  /// Sessions in the queue.
  var count: Int { times.count }

  /// The earliest ready time, if any.
  var nextTime: Int64? { times.first }

  /// Adds `slot`, ready at `time`.
  mutating func push(_ slot: Int32, at time: Int64) {
    var child = times.count
    times.append(time)
    slots.append(slot)
    while child > 0 {
      let parent = (child - 1) >> 1
      guard Self.precedes(time, slot, times[parent], slots[parent]) else { break }
      times[child] = times[parent]
      slots[child] = slots[parent]
      child = parent
    }
    times[child] = time
    slots[child] = slot
  }

  /// Removes and returns the earliest entry's slot.
  mutating func pop() -> Int32? {
    guard let first = slots.first else { return nil }
    let lastTime = times.removeLast()
    let lastSlot = slots.removeLast()
    let count = times.count
    guard count > 0 else { return first }
    var parent = 0
    while true {
      var child = 2 * parent + 1
      if child >= count { break }
      if child + 1 < count && Self.precedes(times[child + 1], slots[child + 1], times[child], slots[child]) {
        child += 1
      }
      guard Self.precedes(times[child], slots[child], lastTime, lastSlot) else { break }
      times[parent] = times[child]
      slots[parent] = slots[child]
      parent = child
    }
    times[parent] = lastTime
    slots[parent] = lastSlot
    return first
  }

  private static func precedes(_ t1: Int64, _ s1: Int32, _ t2: Int64, _ s2: Int32) -> Bool {
    t1 < t2 || (t1 == t2 && s1 < s2)
  }
}
