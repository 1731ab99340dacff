/// Several replays of one log over a single reader: the reader and every replay each on a
/// thread of its own, the replays reading the reader's chunks through their own cursors.
enum SharedFeedRun {
  /// Runs `consume` once per consumer, each over its cursor of one feed of the source
  /// `makeSource` makes (called once). Results come back in consumer order, with what
  /// `outcome` makes of the source once it was read to its end (nil when reading failed, and
  /// then every consumer has thrown the reader's error).
  static func run<Source: RecordSource & SendableMetatype, Outcome: Sendable, Result: Sendable>(
    consumers: Int, chunkSize: Int = RecordFeed.defaultChunkSize, capacity: Int = RecordFeed.defaultCapacity,
    makeSource: @escaping @Sendable () throws -> Source,
    outcome: @escaping @Sendable (Source) -> Outcome,
    consume: @escaping @Sendable (Int, FeedCursor) throws -> Result
  ) async throws -> (results: [Result], outcome: Outcome?) {
    guard consumers > 0 else { return ([], nil) }
    let feed = RecordFeed(consumers: consumers, chunkSize: chunkSize, capacity: capacity)
    async let read = DedicatedThread.run(name: "muroute-reader") { feed.fill(from: makeSource).map(outcome) }
    let results = try await withThrowingTaskGroup(of: (Int, Result).self) { group in
      for index in 0..<consumers {
        group.addTask {
          (index, try await DedicatedThread.run(name: "muroute-replay-\(index)") { try consume(index, feed.cursor(index)) })
        }
      }
      var results = [Result?](repeating: nil, count: consumers)
      for try await (index, result) in group { results[index] = result }
      return results.compactMap { $0 }
    }
    return (results, try await read)
  }
}
