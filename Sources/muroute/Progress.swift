import Foundation
import Replay
import Reports
import Traces
import Workload

#if canImport(Glibc)
  import Glibc
#endif

/// Records and log bytes read by every replay in flight, shared with the progress line.
final class ProgressCounter: @unchecked Sendable {
  // Readers add in batches of `ProgressRecordSource.batch`, so the lock is rarely taken.
  private let lock = NSLock()
  private var records = 0
  private var bytes = 0

  func add(records: Int, bytes: Int) {
    lock.lock()
    self.records += records
    self.bytes += bytes
    lock.unlock()
  }

  var snapshot: (records: Int, bytes: Int) {
    lock.lock()
    defer { lock.unlock() }
    return (records, bytes)
  }
}

/// The trace reader as a replay source that reports its progress every `batch` records.
struct ProgressRecordSource: RecordSource {
  static let batch = 1_024
  let reader: MergedTraceReader
  let counter: ProgressCounter?
  private var pending = 0
  private var reportedBytes = 0

  init(reader: MergedTraceReader, counter: ProgressCounter?) {
    self.reader = reader
    self.counter = counter
  }

  mutating func next() throws -> Workload.TraceRecord? {
    let record = try reader.next()
    guard let counter else { return record }
    pending += 1
    if pending >= Self.batch || record == nil {
      let bytes = reader.bytesRead
      counter.add(records: record == nil ? pending - 1 : pending, bytes: bytes - reportedBytes)
      reportedBytes = bytes
      pending = 0
    }
    return record
  }
}

/// A one-line progress bar on standard error, redrawn five times a second from its own thread
/// (the replays keep every cooperative thread busy); shown only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
  private let lock = NSLock()
  private var stopped = false
  private let counter: ProgressCounter
  /// Bytes all replays together will read (the logs' size x runs), when the size is known.
  private let totalBytes: Int?
  private let label: String
  private let started = ContinuousClock.now

  /// Starts drawing, or returns nil when stderr is not a terminal (CI, pipes, files).
  static func start(label: String, counter: ProgressCounter, logBytes: Int, runs: Int) -> ProgressBar? {
    guard isatty(2) == 1 else { return nil }
    let size = logBytes > 0 ? logBytes : nil
    let bar = ProgressBar(label: label, counter: counter, totalBytes: size.map { $0 * max(runs, 1) })
    let thread = Thread { bar.loop() }
    thread.start()
    return bar
  }

  private init(label: String, counter: ProgressCounter, totalBytes: Int?) {
    self.label = label
    self.counter = counter
    self.totalBytes = totalBytes
  }

  private func loop() {
    while true {
      usleep(200_000)
      lock.lock()
      defer { lock.unlock() }
      if stopped { return }
      draw()
    }
  }

  /// Stops drawing and clears the line.
  func stop() {
    lock.lock()
    stopped = true
    write("\r\u{1B}[K")
    lock.unlock()
  }

  private func draw() {
    let (records, bytes) = counter.snapshot
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    var line = "\r\(label) "
    if let totalBytes, totalBytes > 0 {
      let fraction = min(1, Double(bytes) / Double(totalBytes))
      let width = 24
      let filled = Int(fraction * Double(width))
      line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
      line += NumberFormat.fixed(fraction * 100, 0) + "%  "
    }
    line += "\(NumberFormat.grouped(records)) records  "
    line += "\(NumberFormat.grouped(Int(Double(records) / max(seconds, 1e-3)))) req/s  "
    let whole = Int(seconds)
    line += "\(whole / 60):" + (whole % 60 < 10 ? "0" : "") + "\(whole % 60)\u{1B}[K"
    write(line)
  }

  private func write(_ text: String) {
    var stream = StandardError()
    stream.write(text)
  }
}
