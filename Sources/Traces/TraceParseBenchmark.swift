/// Parse-rate measurement of a log (for the benchmark target): reads every record.
public enum TraceParseBenchmark {
  /// Reads `path` to the end; returns the records read and the wall-clock seconds it took.
  public static func run(path: String, options: TraceReadOptions = TraceReadOptions()) throws(TraceError) -> (records: Int, seconds: Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let reader = try TraceReader(path: path, options: options)
    var records = 0
    // Touching every record's fields keeps the optimiser from discarding the parse.
    var checksum = 0
    while let record = try reader.next() {
      records += 1
      checksum &+= record.inputTokens &+ record.prefixBlocks.count
    }
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (records + (checksum == Int.min ? 1 : 0), seconds)
  }
}
