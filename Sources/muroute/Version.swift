import Reports

/// The tool's version, recorded in every report beside the command line that produced it.
enum ToolVersion {
  static let current = "0.9.0"

  /// What a report records about this invocation. The program is named `muroute` whatever path
  /// ran it, so that the same command gives the same report from any build directory.
  static func invocation() -> ReportInvocation {
    ReportInvocation(tool: "muroute \(current)", arguments: ["muroute"] + CommandLine.arguments.dropFirst())
  }
}
