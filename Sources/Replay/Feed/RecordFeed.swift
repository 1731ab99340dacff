import Foundation
import Workload

/// One reader's records shared by several replays: the reader decodes and chains each record
/// once, publishes them in chunks to a bounded ring, and every replay reads the same chunks
/// through its own `FeedCursor`. The reader waits while the slowest replay is `capacity`
/// chunks behind, so memory is bounded by the ring, not by the log or the replays' speeds.
///
/// The reader and the consumers block on each other, so each must run on a thread of its own
/// (`DedicatedThread`), never on the cooperative pool, whose few threads could all be taken by
/// consumers waiting for a reader that has no thread left to run on.
public final class RecordFeed: @unchecked Sendable {
  /// Records per chunk: enough that the lock is taken rarely, few enough that the ring is small.
  public static let defaultChunkSize = 2_048
  /// Chunks the reader may run ahead of the slowest consumer.
  public static let defaultCapacity = 8
  /// Prefix-block ids per chunk at most (1 MiB of ids): a chunk of long-context records closes
  /// early, so that the ring's memory is bounded in bytes, not only in records (2,048 agentic
  /// records of ~900 blocks would otherwise hold 15 MB a chunk).
  public static let defaultBlockBudget = 131_072

  let chunkSize: Int
  let blockBudget: Int
  // Guards `ring`; consumers wait on it for chunks, the reader for room.
  private let condition = NSCondition()
  private var ring: FeedRing<[ChainedRecord]>
  /// True while the reader waits for room.
  private var readerWaits = false

  /// A feed for `consumers` cursors, numbered from 0.
  public init(
    consumers: Int, chunkSize: Int = defaultChunkSize, capacity: Int = defaultCapacity,
    blockBudget: Int = defaultBlockBudget
  ) {
    self.chunkSize = max(1, chunkSize)
    self.blockBudget = max(1, blockBudget)
    ring = FeedRing(consumers: consumers, capacity: capacity)
  }

  /// The cursor of consumer `index`; take each index once.
  public func cursor(_ index: Int) -> FeedCursor { FeedCursor(FeedConsumer(feed: self, index: index)) }

  /// Reads the source `makeSource` makes to its end (on the calling thread, which must be
  /// the reader's own) and publishes every record; an error from `makeSource` or the source
  /// goes to every consumer once it has taken the records before it. Stops early when every
  /// consumer has closed. Returns the source when it was read to its end.
  public func fill<Source: RecordSource>(from makeSource: () throws -> Source) -> Source? {
    var chunk = [ChainedRecord]()
    chunk.reserveCapacity(chunkSize)
    var blocks = 0
    do {
      var source = try makeSource()
      while let record = try source.nextChained() {
        blocks += record.chainedBlocks.count
        chunk.append(record)
        guard chunk.count == chunkSize || blocks >= blockBudget else { continue }
        guard publish(chunk) else { return nil }
        chunk = []
        chunk.reserveCapacity(chunkSize)
        blocks = 0
      }
      if !chunk.isEmpty {
        guard publish(chunk) else { return nil }
      }
      finish(.finished)
      return source
    } catch {
      // The records before the error first, as a replay reading the source itself would see them.
      if !chunk.isEmpty {
        guard publish(chunk) else { return nil }
      }
      finish(.failed(error))
      return nil
    }
  }

  /// Publishes `chunk` once the ring has room; false when every consumer has closed.
  func publish(_ chunk: [ChainedRecord]) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while !ring.hasRoom && !ring.isAbandoned {
      readerWaits = true
      condition.broadcast()
      condition.wait()
    }
    readerWaits = false
    guard !ring.isAbandoned else { return false }
    ring.publish(chunk)
    condition.broadcast()
    return true
  }

  func finish(_ end: FeedRing<[ChainedRecord]>.End) {
    condition.lock()
    ring.finish(end)
    condition.broadcast()
    condition.unlock()
  }

  /// The next chunk for consumer `index`, waiting for the reader; nil at the end of the log.
  func take(_ index: Int) throws -> [ChainedRecord]? {
    condition.lock()
    defer { condition.unlock() }
    while true {
      switch ring.take(index) {
      case .chunk(let chunk):
        condition.broadcast()  // the reader may have room now
        return chunk
      case .wait:
        condition.wait()
      case .finished:
        return nil
      case .failed(let error):
        throw error
      }
    }
  }

  func close(_ index: Int) {
    condition.lock()
    ring.close(index)
    condition.broadcast()
    condition.unlock()
  }

  /// Waits until the reader has to wait for room or has ended (for tests of the ring's bound:
  /// a reader that never waited would have read the whole log by then).
  func waitUntilReaderStops() {
    condition.lock()
    while !readerWaits && ring.end == nil && !ring.isAbandoned { condition.wait() }
    condition.unlock()
  }

  /// Chunks the ring holds now (for tests of its bound).
  var chunksHeld: Int {
    condition.lock()
    defer { condition.unlock() }
    return ring.chunks.count
  }
}

/// One consumer's membership of a feed; leaving (at the end, on an error, or when its replay
/// is dropped early) releases the reader from waiting for it.
final class FeedConsumer: @unchecked Sendable {
  let feed: RecordFeed
  let index: Int
  private var closed = false

  init(feed: RecordFeed, index: Int) {
    self.feed = feed
    self.index = index
  }

  func take() throws -> [ChainedRecord]? {
    guard !closed else { return nil }
    do {
      guard let chunk = try feed.take(index) else {
        close()
        return nil
      }
      return chunk
    } catch {
      close()
      throw error
    }
  }

  func close() {
    guard !closed else { return }
    closed = true
    feed.close(index)
  }

  deinit { close() }
}

/// One replay's view of a feed: every record the reader published, in order, already chained.
/// It is no `RecordSource`: the feed keeps no unchained ids, so it cannot hand out plain records.
public struct FeedCursor: ChainedRecordSource, Sendable {
  private let consumer: FeedConsumer
  private var chunk: [ChainedRecord] = []
  private var position = 0

  init(_ consumer: FeedConsumer) { self.consumer = consumer }

  public mutating func nextChained() throws -> ChainedRecord? {
    if position == chunk.count {
      // Drop the finished chunk first, so the ring's last holder frees it as soon as it can.
      chunk = []
      position = 0
      guard let next = try consumer.take() else { return nil }
      chunk = next
    }
    defer { position += 1 }
    return chunk[position]
  }

  /// Stops reading: the reader no longer waits for this cursor.
  public func close() { consumer.close() }
}
