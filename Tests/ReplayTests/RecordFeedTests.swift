import Foundation
import Measurements
import Reports
import Routing
import Testing
import Workload
@testable import Replay

/// The shared reader: the ring's bookkeeping on its own, then the feed with real threads.
/// A feed that lost a consumer's place would hang rather than fail, hence the time limit.
@Suite(.timeLimit(.minutes(2))) struct RecordFeedTests {
  // MARK: The ring on its own

  /// The chunk `take` hands out, or nil for anything else.
  static func chunk(_ take: FeedRing<Int>.Take) -> Int? {
    if case .chunk(let value) = take { return value }
    return nil
  }

  static func isWait(_ take: FeedRing<Int>.Take) -> Bool {
    if case .wait = take { return true }
    return false
  }

  @Test func everyConsumerTakesEveryChunkInOrder() {
    var ring = FeedRing<Int>(consumers: 3, capacity: 2)
    var taken: [[Int]] = [[], [], []]
    var next = 0
    // Consumers take at different paces: 0 every round, 1 every other, 2 every third.
    for round in 0..<40 {
      if ring.hasRoom && next < 10 {
        ring.publish(next)
        next += 1
      }
      for consumer in 0..<3 where round % (consumer + 1) == 0 {
        if let value = Self.chunk(ring.take(consumer)) { taken[consumer].append(value) }
      }
    }
    ring.finish(.finished)
    for consumer in 0..<3 {
      while let value = Self.chunk(ring.take(consumer)) { taken[consumer].append(value) }
    }
    #expect(next == 10)
    #expect(taken == Array(repeating: Array(0..<10), count: 3))
    #expect(ring.chunks.isEmpty)
  }

  @Test func theReaderWaitsForTheSlowestConsumer() {
    var ring = FeedRing<Int>(consumers: 2, capacity: 3)
    var next = 0
    while ring.hasRoom {
      ring.publish(next)
      next += 1
    }
    // Consumer 0 takes all three; consumer 1 none: the ring stays full.
    for expected in 0..<3 { #expect(Self.chunk(ring.take(0)) == expected) }
    #expect(Self.isWait(ring.take(0)))
    #expect(next == 3)
    #expect(ring.chunks.count == 3)
    #expect(!ring.hasRoom)
    // Consumer 1 takes one: chunk 0 is no one's any more and leaves; one chunk of room.
    #expect(Self.chunk(ring.take(1)) == 0)
    #expect(ring.chunks.count == 2)
    #expect(ring.hasRoom)
  }

  @Test func aClosedConsumerNoLongerHoldsTheReaderBack() {
    var ring = FeedRing<Int>(consumers: 2, capacity: 1)
    ring.publish(0)
    #expect(Self.chunk(ring.take(0)) == 0)
    #expect(!ring.hasRoom)
    ring.close(1)
    #expect(ring.hasRoom)
    #expect(ring.chunks.isEmpty)
    #expect(!ring.isAbandoned)
    ring.close(0)
    #expect(ring.isAbandoned)
    #expect(!ring.hasRoom)
  }

  @Test func theReadersErrorComesAfterTheChunksBeforeIt() {
    var ring = FeedRing<Int>(consumers: 2, capacity: 4)
    ring.publish(0)
    ring.finish(.failed(FeedTestError(after: 1)))
    for consumer in 0..<2 {
      #expect(Self.chunk(ring.take(consumer)) == 0)
      guard case .failed(let error) = ring.take(consumer) else {
        Issue.record("consumer \(consumer) saw no error")
        continue
      }
      #expect(error as? FeedTestError == FeedTestError(after: 1))
    }
  }

  // MARK: The feed with threads

  /// Records 0..<count, each with its index as arrival and three prefix blocks.
  static func records(_ count: Int) -> [TraceRecord] {
    (0..<count).map { (i: Int) -> TraceRecord in
      let blocks: [UInt64] = [UInt64(i % 5), UInt64(i), UInt64(3 * i)]
      return TraceRecord(
        arrivalNanos: Int64(i), inputTokens: 48, outputTokens: 4, session: "s\(i % 7)", prefixBlocks: blocks,
        blockSize: 16)
    }
  }

  /// Reads a cursor to its end: arrivals and chained ids as seen, and the error that ended it.
  static func drain(_ cursor: FeedCursor, stopAfter limit: Int = .max) -> (arrivals: [Int64], blocks: [[UInt64]], error: String?) {
    var cursor = cursor
    var arrivals: [Int64] = []
    var blocks: [[UInt64]] = []
    do {
      while arrivals.count < limit, let record = try cursor.nextChained() {
        arrivals.append(record.record.arrivalNanos)
        blocks.append(record.chainedBlocks)
      }
      return (arrivals, blocks, nil)
    } catch {
      return (arrivals, blocks, "\(error)")
    }
  }

  @Test func everyConsumerSeesEveryRecordInOrderAndChainedOnce() async throws {
    let records = Self.records(1_000)
    let (results, outcome) = try await SharedFeedRun.run(
      consumers: 5, chunkSize: 7, capacity: 2, makeSource: { ArrayRecordSource(records) }, outcome: { _ in "read" }
    ) { _, cursor in Self.drain(cursor) }
    #expect(outcome == "read")
    #expect(results.count == 5)
    for result in results {
      #expect(result.arrivals == records.map(\.arrivalNanos))
      #expect(result.blocks == records.map { PrefixChain.chain($0.prefixBlocks) })
      #expect(result.error == nil)
    }
  }

  @Test func aSlowConsumerBoundsWhatTheReaderHolds() async throws {
    let chunkSize = 10
    let capacity = 3
    let pulled = PulledCount()
    let records = Self.records(500)
    let feed = RecordFeed(consumers: 2, chunkSize: chunkSize, capacity: capacity)
    async let read = DedicatedThread.run(name: "test-reader") {
      feed.fill { CountingArraySource(records: records, pulled: pulled) } != nil
    }
    async let fast = DedicatedThread.run(name: "test-fast") { Self.drain(feed.cursor(0)).arrivals }
    // The slow consumer: before each of its chunks, the reader has run as far ahead as it may.
    var slow = feed.cursor(1)
    var seen: [Int64] = []
    var chunksTaken = 0
    while true {
      feed.waitUntilReaderStops()
      #expect(feed.chunksHeld <= capacity)
      // Published chunks plus the one the reader is filling.
      #expect(pulled.value <= (chunksTaken + capacity + 1) * chunkSize)
      var ended = false
      for _ in 0..<chunkSize {
        guard let record = try slow.nextChained() else {
          ended = true
          break
        }
        seen.append(record.record.arrivalNanos)
      }
      chunksTaken += 1
      if ended { break }
    }
    #expect(seen == records.map(\.arrivalNanos))
    #expect(try await fast == records.map(\.arrivalNanos))
    #expect(try await read)
  }

  @Test func longPromptsCloseAChunkEarlySoTheRingIsBoundedInBlocks() async throws {
    // Three blocks a record and a budget of 12: a chunk closes after 4 records, not 1,000.
    let pulled = PulledCount()
    let records = Self.records(500)
    let feed = RecordFeed(consumers: 1, chunkSize: 1_000, capacity: 2, blockBudget: 12)
    // Everything that blocks runs on threads of its own, never on the cooperative pool that
    // the suite's other tests share.
    let (held, pulledWhenFull, arrivals) = try await DedicatedThread.run(name: "test-consumer") {
      let reader = Thread { _ = feed.fill { CountingArraySource(records: records, pulled: pulled) } }
      reader.start()
      feed.waitUntilReaderStops()
      return (feed.chunksHeld, pulled.value, Self.drain(feed.cursor(0)).arrivals)
    }
    #expect(held == 2)
    // Two published chunks, the one being filled, and the record that found no room.
    #expect(pulledWhenFull <= 3 * 4 + 1)
    #expect(arrivals == records.map(\.arrivalNanos))
  }

  @Test func theReadersErrorReachesEveryConsumerAfterTheRecordsBeforeIt() async throws {
    let records = Self.records(100)
    let (results, outcome) = try await SharedFeedRun.run(
      consumers: 5, chunkSize: 8, capacity: 2,
      makeSource: { FailingSource(records: records, failAfter: 37) }, outcome: { _ in "read" }
    ) { _, cursor in Self.drain(cursor) }
    #expect(outcome == nil)
    for result in results {
      #expect(result.arrivals == Array(0..<37))
      #expect(result.error == "\(FeedTestError(after: 37))")
    }
    // Uncaught by the consumers, the runner throws the reader's error itself.
    await #expect(throws: FeedTestError(after: 37)) {
      _ = try await SharedFeedRun.run(
        consumers: 3, chunkSize: 8, capacity: 2,
        makeSource: { FailingSource(records: records, failAfter: 37) }, outcome: { _ in () }
      ) { _, cursor in
        var cursor = cursor
        while try cursor.nextChained() != nil {}
      }
    }
  }

  @Test func anErrorMakingTheSourceReachesEveryConsumer() async throws {
    let (results, _) = try await SharedFeedRun.run(
      consumers: 3, makeSource: { () throws -> ArrayRecordSource in throw FeedTestError(after: 0) }, outcome: { _ in () }
    ) { _, cursor in Self.drain(cursor) }
    #expect(results.map(\.error) == Array(repeating: "\(FeedTestError(after: 0))", count: 3))
  }

  @Test func aConsumerThatStopsEarlyHoldsNoOneBack() async throws {
    let records = Self.records(1_000)
    let (results, outcome) = try await SharedFeedRun.run(
      consumers: 4, chunkSize: 4, capacity: 2, makeSource: { ArrayRecordSource(records) }, outcome: { _ in "read" }
    ) { index, cursor in
      Self.drain(cursor, stopAfter: index == 1 ? 1 : .max).arrivals.count
    }
    #expect(results == [1_000, 1, 1_000, 1_000])
    #expect(outcome == "read")
  }

  @Test func theReaderStopsWhenEveryConsumerHasLeft() async throws {
    let pulled = PulledCount()
    let records = Self.records(1_000)
    let (results, outcome) = try await SharedFeedRun.run(
      consumers: 3, chunkSize: 4, capacity: 2, makeSource: { CountingArraySource(records: records, pulled: pulled) },
      outcome: { _ in "read" }
    ) { _, cursor in Self.drain(cursor, stopAfter: 5).arrivals.count }
    #expect(results == [5, 5, 5])
    #expect(outcome == nil)
    #expect(pulled.value < records.count)
  }

  @Test func chainingReusesTheDecodedArray() {
    var blocks: [UInt64] = [7, 8, 9]
    blocks.append(10)  // a buffer of its own, as a decoder's
    let address = blocks.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    let expected = PrefixChain.chain(blocks)
    let chained = ChainedRecord(
      chaining: TraceRecord(arrivalNanos: 0, inputTokens: 64, outputTokens: 1, prefixBlocks: consume blocks))
    #expect(chained.chainedBlocks == expected)
    #expect(chained.record.prefixBlocks.isEmpty)
    #expect(chained.chainedBlocks.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == address)
  }

  // MARK: Replays over one feed

  @Test func fivePoliciesOverOneReaderReportAsFiveSeparateReplays() async throws {
    // More records than one chunk, so the replays cross chunk boundaries.
    let records = try synthRecords(requests: 2_500, pods: 8, utilization: 0.8)
    let configuration = smallConfiguration(pods: 8)
    let policies: [RoutingPolicyKind] = [.muLeast, .p2c, .prefixAware, .roundRobin, .muSubset]
    let shared = try await ReplayRunner.run(policies: policies, configuration: configuration) {
      ArrayRecordSource(records)
    }
    let separate = try policies.map { try replay(records, configuration, policy: $0) }
    func report(_ runs: [PolicyMetrics]) -> [ReportFile] {
      ReplayReport(
        source: "synth", settings: [], runs: runs, sampleInterval: configuration.reportInterval,
        podCapacityMU: configuration.costModel.podCapacityMU
      ).files()
    }
    #expect(shared.map(\.policy) == policies.map(\.rawValue))
    #expect(report(shared) == report(separate))
  }

  @Test func aSweepInWavesMatchesOneWaveAndSeparateReplays() async throws {
    let records = try synthRecords(requests: 600, pods: 4, utilization: 0.7)
    let base = smallConfiguration(pods: 4)
    let plan = try SweepPlan(
      policies: ["mu-subset,p2c"], subsetSizes: ["1,2"], pods: ["3,4"], spills: ["global"], muPerMinute: ["100"])
    let points = plan.points
    #expect(points.count == 6)
    let interval = base.reportInterval
    func sweep(_ parallelism: Int) async throws -> [[SummaryMetric]] {
      try await SweepRunner.run(
        points: points, base: base, parallelism: parallelism, makeSource: { ArrayRecordSource(records) },
        summarise: { SummaryMetrics.metrics(of: $0, sampleInterval: interval) })
    }
    let separate = try points.map { point in
      SummaryMetrics.metrics(
        of: try replay(records, point.configuration(from: base), policy: point.policy), sampleInterval: interval)
    }
    for parallelism in [1, 4, points.count] {
      #expect(try await sweep(parallelism) == separate, "parallelism \(parallelism)")
    }
    #expect(SweepRunner.reads(points: 7, parallelism: 3) == 3)
  }
}

struct FeedTestError: Error, Equatable, CustomStringConvertible {
  var after: Int
  var description: String { "bad line after \(after) records" }
}

/// Records from an array, then an error instead of record `failAfter`.
struct FailingSource: RecordSource {
  let records: [TraceRecord]
  let failAfter: Int
  var index = 0

  mutating func next() throws -> TraceRecord? {
    guard index < failAfter else { throw FeedTestError(after: failAfter) }
    guard index < records.count else { return nil }
    defer { index += 1 }
    return records[index]
  }
}

/// How many records a reader has pulled from its source, read from another thread.
final class PulledCount: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0

  func add() {
    lock.lock()
    count += 1
    lock.unlock()
  }

  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }
}

/// Records from an array, counting each one pulled.
struct CountingArraySource: RecordSource {
  let records: [TraceRecord]
  let pulled: PulledCount
  var index = 0

  mutating func next() -> TraceRecord? {
    guard index < records.count else { return nil }
    defer { index += 1 }
    pulled.add()
    return records[index]
  }
}
