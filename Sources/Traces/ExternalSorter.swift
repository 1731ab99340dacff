import HeapModule
import TemporaryFiles
import Workload

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Sorts a whole log by arrival in bounded memory: sorted runs of at most `runCapacity` records
/// go to temporary canonical files, then a k-way merge with a heap writes the output. Records
/// with equal arrivals keep their original order.
public struct ExternalSorter: Sendable {
  /// Records held in memory per run.
  public var runCapacity: Int
  /// Where the private directory of run files is made (`SecureCreation.temporaryDirectory`,
  /// i.e. `TMPDIR`, unless a caller picks another).
  public var temporaryDirectory: String
  /// The longest line a run file may hold.
  public var maxLineLength: Int

  /// A sorter with the given memory budget.
  public init(runCapacity: Int = 1_000_000, temporaryDirectory: String = SecureCreation.temporaryDirectory, maxLineLength: Int = 1 << 22) {
    precondition(runCapacity > 0, "runCapacity must be positive")
    self.runCapacity = runCapacity
    self.temporaryDirectory = temporaryDirectory
    self.maxLineLength = maxLineLength
  }

  /// Reads `reader` to the end and writes its records to `writer` in arrival order.
  /// Returns the number of sorted runs used.
  @discardableResult
  public func sort(_ reader: TraceReader, into writer: some RecordWriter) throws(TraceError) -> Int {
    // Runs go to a private (0700) directory with a random name, so no other local user can
    // predict a run's path or plant a link there.
    let runDirectory: String
    do {
      runDirectory = try SecureCreation.createDirectory(in: temporaryDirectory, prefix: ".muroute-sort-")
    } catch {
      throw TraceError(
        .io, file: temporaryDirectory, message: "cannot create a directory for sorted runs: \(error.reason)",
        hint: "set TMPDIR to a writable directory with room for a copy of the log")
    }
    var runPaths: [String] = []
    defer {
      _ = TemporaryFiles.removeTree(runDirectory)
      TemporaryFiles.unregister(runDirectory)
    }
    var buffer: [PendingRecord] = []
    buffer.reserveCapacity(min(runCapacity, 1 << 16))
    var sequence = 0
    while let record = try reader.next() {
      buffer.append(PendingRecord(arrival: record.arrivalNanos, sequence: sequence, record: record))
      sequence += 1
      if buffer.count >= runCapacity {
        let path = "\(runDirectory)/run-\(runPaths.count).jsonl"
        runPaths.append(path)
        try writeRun(&buffer, to: path)
      }
    }
    if runPaths.isEmpty {
      buffer.sort()
      for pending in buffer { try writer.write(pending.record) }
      return 1
    }
    if !buffer.isEmpty {
      let path = "\(runDirectory)/run-\(runPaths.count).jsonl"
      runPaths.append(path)
      try writeRun(&buffer, to: path)
    }
    try merge(runPaths, into: writer)
    return runPaths.count
  }

  private func writeRun(_ buffer: inout [PendingRecord], to path: String) throws(TraceError) {
    buffer.sort()
    let run = try CanonicalLogWriter(path: path, compressionLevel: nil)
    for pending in buffer { try run.write(pending.record) }
    try run.finish()
    buffer.removeAll(keepingCapacity: true)
  }

  private func merge(_ paths: [String], into writer: some RecordWriter) throws(TraceError) {
    let options = TraceReadOptions(format: .canonicalJSONL, maxLineLength: maxLineLength)
    var readers: [TraceReader] = []
    var heap = Heap<PendingRecord>()
    for (index, path) in paths.enumerated() {
      let reader = try TraceReader(path: path, options: options)
      readers.append(reader)
      if let first = try reader.next() {
        heap.insert(PendingRecord(arrival: first.arrivalNanos, sequence: index, record: first))
      }
    }
    while let smallest = heap.popMin() {
      try writer.write(smallest.record)
      if let next = try readers[smallest.sequence].next() {
        heap.insert(PendingRecord(arrival: next.arrivalNanos, sequence: smallest.sequence, record: next))
      }
    }
  }
}
