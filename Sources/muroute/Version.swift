import Reports

extension ToolVersion {
  /// What a report records about this invocation. The program is named `muroute` whatever path
  /// ran it, so that the same command gives the same report from any build directory.
  static func invocation() -> ReportInvocation {
    ReportInvocation(tool: description, arguments: ["muroute"] + CommandLine.arguments.dropFirst())
  }
}
