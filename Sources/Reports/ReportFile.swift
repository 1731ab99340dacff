/// One file of a report: a stable name inside the output directory and its full contents.
public struct ReportFile: Sendable, Equatable {
  /// Path relative to the report directory, e.g. `summary.csv` or `svg/latency-cdf.svg`.
  public var name: String
  public var contents: String

  public init(name: String, contents: String) {
    self.name = name
    self.contents = contents
  }
}

/// A setting shown in a report's header (pods, profile, seed...), in the order given.
public struct ReportSetting: Sendable, Equatable {
  public var name: String
  public var value: String

  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}
