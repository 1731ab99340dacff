import HeapModule
import Workload

/// Several logs as one stream in arrival order: a k-way merge of their readers.
///
/// Ties go to the file given first, then to the earlier line, so several daily logs give the
/// very order of their concatenation. Each bad line is reported by its own file and line; the
/// `--max-bad-lines` budget is shared, as it would be by the concatenation. Files must agree on
/// the prefix block size, since block ids of different sizes name different token runs.
public final class MergedTraceReader {
  private let files: [LogSet.File]
  private let options: TraceReadOptions
  private let budget: BadLineBudget
  /// Open readers by file; nil before a file's first arrival is due and after its end.
  private var readers: [TraceReader?]
  /// Each open file's next record, the one its heap key stands for.
  private var heads: [TraceRecord?]
  private var heap: Heap<MergeKey>
  /// The file whose record was handed out last: it is read on, on the next call, so that a bad
  /// line comes after every record before it, as with one file.
  private var pendingAdvance: Int?
  /// One file: records pass straight through.
  private let single: TraceReader?
  private var agreedBlockSize: (size: Int, file: Int)?
  private var blockSizeChecked: [Bool]
  private var finished = FinishedFiles()

  init(entries: [(file: LogSet.File, firstArrival: Int64?)], options: TraceReadOptions) throws(TraceError) {
    files = entries.map(\.file)
    self.options = options
    budget = BadLineBudget(limit: options.maxBadLines)
    readers = Array(repeating: nil, count: entries.count)
    heads = Array(repeating: nil, count: entries.count)
    blockSizeChecked = Array(repeating: false, count: entries.count)
    if entries.count == 1, let only = entries.first {
      let reader = try TraceReader(file: only.file, options: options, budget: budget)
      readers[0] = reader
      single = reader
      heap = Heap()
    } else {
      single = nil
      // A file without records (only bad lines) is read first, so its bad lines count.
      heap = Heap(entries.enumerated().map { MergeKey(arrival: $1.firstArrival ?? .min, file: $0) })
    }
  }

  /// The next record in arrival order, or nil after the last file's last record.
  public func next() throws(TraceError) -> TraceRecord? {
    if let single { return try single.next() }
    if let file = pendingAdvance {
      pendingAdvance = nil
      try advance(file)
    }
    while let key = heap.popMin() {
      let file = key.file
      let record: TraceRecord
      if let head = heads[file] {
        heads[file] = nil
        record = head
      } else {
        let reader = try TraceReader(file: files[file], options: options, budget: budget)
        readers[file] = reader
        guard let first = try reader.next() else {
          close(file)
          continue
        }
        record = first
      }
      try checkBlockSize(record, file: file)
      pendingAdvance = file
      return record
    }
    return nil
  }

  private func advance(_ file: Int) throws(TraceError) {
    guard let reader = readers[file] else { return }
    if let following = try reader.next() {
      heads[file] = following
      heap.insert(MergeKey(arrival: following.arrivalNanos, file: file))
    } else {
      close(file)
    }
  }

  /// Keeps a finished file's counts and lets its buffers and descriptor go.
  private func close(_ file: Int) {
    guard let reader = readers[file] else { return }
    finished.add(reader)
    readers[file] = nil
  }

  private func checkBlockSize(_ record: TraceRecord, file: Int) throws(TraceError) {
    guard !blockSizeChecked[file], let size = record.blockSize else { return }
    blockSizeChecked[file] = true
    guard let agreed = agreedBlockSize else {
      agreedBlockSize = (size, file)
      return
    }
    guard agreed.size != size else { return }
    let line = options.reorderWindowSeconds == nil ? readers[file]?.linesRead ?? 0 : 0
    throw TraceError(
      .invalidValue, file: files[file].name, line: line, field: "block_size",
      message: "block size \(size) differs from \(files[agreed.file].name)'s \(agreed.size)",
      hint: "logs read together must share one prefix block size: replay these separately")
  }

  private var open: [TraceReader] { readers.compactMap { $0 } }

  /// Files open right now (for tests of the merge's memory).
  var openFileCount: Int { readers.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

  /// Records handed out so far.
  public var recordsProduced: Int { finished.records + open.reduce(0) { $0 + $1.recordsProduced } }
  /// Lines skipped as bad, in every file.
  public var badLines: Int { finished.badLines + open.reduce(0) { $0 + $1.badLines } }
  /// Records whose arrival is earlier than an earlier record's in the same file.
  public var outOfOrderCount: Int { finished.outOfOrder + open.reduce(0) { $0 + $1.outOfOrderCount } }
  /// Raw bytes read so far from every file, for progress.
  public var bytesRead: Int { finished.bytes + open.reduce(0) { $0 + $1.bytesRead } }
  /// The first few bad lines' errors, files that ended first first.
  public var badLineSamples: [TraceError] {
    Array((finished.samples + open.flatMap(\.badLineSamples)).prefix(options.badLineSampleLimit))
  }
}

/// A file's place in the merge: its next arrival, ties to the file given first.
struct MergeKey: Comparable {
  var arrival: Int64
  var file: Int

  static func < (lhs: MergeKey, rhs: MergeKey) -> Bool {
    lhs.arrival != rhs.arrival ? lhs.arrival < rhs.arrival : lhs.file < rhs.file
  }
}

/// Counts of the files a merge has finished.
private struct FinishedFiles {
  var records = 0
  var badLines = 0
  var outOfOrder = 0
  var bytes = 0
  var samples: [TraceError] = []

  mutating func add(_ reader: TraceReader) {
    records += reader.recordsProduced
    badLines += reader.badLines
    outOfOrder += reader.outOfOrderCount
    bytes += reader.bytesRead
    samples += reader.badLineSamples
  }
}
