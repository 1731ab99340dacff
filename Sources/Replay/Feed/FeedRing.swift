import DequeModule

/// The bookkeeping of a bounded feed, without its lock: one reader publishes chunks in order,
/// and every consumer takes each of them in order through its own cursor. A chunk leaves the
/// ring once every open consumer has taken it, and the reader may publish only while the
/// slowest open consumer is fewer than `capacity` chunks behind, so the ring never holds more
/// than `capacity` chunks however far apart the consumers are.
struct FeedRing<Chunk> {
  /// How the reader ended: every record published, or an error the consumers rethrow.
  enum End {
    case finished
    case failed(any Error)
  }

  /// What a consumer gets when it asks for its next chunk.
  enum Take {
    case chunk(Chunk)
    /// Nothing yet: the reader has not published it.
    case wait
    case finished
    case failed(any Error)
  }

  /// Chunks the ring may hold: how far the reader may run ahead of the slowest consumer.
  let capacity: Int
  /// Chunks published and not yet taken by every open consumer, oldest first.
  private(set) var chunks = Deque<Chunk>()
  /// The index (in publishing order) of `chunks.first`.
  private(set) var firstIndex = 0
  /// Each consumer's next chunk index; nil once it has closed.
  private var cursors: [Int?]
  private(set) var end: End?

  init(consumers: Int, capacity: Int) {
    self.capacity = max(1, capacity)
    cursors = Array(repeating: 0, count: consumers)
  }

  /// Chunks published so far.
  var published: Int { firstIndex + chunks.count }

  /// The chunk index of the slowest open consumer; nil when every consumer has closed.
  private var slowest: Int? { cursors.lazy.compactMap { $0 }.min() }

  /// True when no consumer is left to read what the reader would publish.
  var isAbandoned: Bool { slowest == nil }

  /// True when the reader may publish a chunk now.
  var hasRoom: Bool {
    guard let slowest else { return false }
    return published - slowest < capacity
  }

  /// Adds the next chunk; the caller has checked `hasRoom`.
  mutating func publish(_ chunk: Chunk) {
    chunks.append(chunk)
  }

  /// Records how the reader ended; consumers see it after taking every chunk published.
  mutating func finish(_ end: End) {
    if self.end == nil { self.end = end }
  }

  /// The next chunk for `consumer`, or why there is none.
  mutating func take(_ consumer: Int) -> Take {
    guard let cursor = cursors[consumer] else { return .finished }
    if cursor < published {
      let chunk = chunks[cursor - firstIndex]
      cursors[consumer] = cursor + 1
      dropTaken()
      return .chunk(chunk)
    }
    switch end {
    case nil: return .wait
    case .finished: return .finished
    case .failed(let error): return .failed(error)
    }
  }

  /// `consumer` reads no more: it no longer holds the reader back.
  mutating func close(_ consumer: Int) {
    cursors[consumer] = nil
    dropTaken()
  }

  private mutating func dropTaken() {
    let keepFrom = slowest ?? published
    while firstIndex < keepFrom, !chunks.isEmpty {
      chunks.removeFirst()
      firstIndex += 1
    }
  }
}
