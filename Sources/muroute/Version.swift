import Reports

extension ToolVersion {
  /// What a report records about this invocation. The program is named `muroute` whatever path
  /// ran it, and where the report was written (`--out`, `-o`, `--force`) is left out, so that
  /// the same command gives the same report from any build directory into any directory.
  static func invocation() -> ReportInvocation {
    ReportInvocation(tool: description, arguments: ["muroute"] + withoutOutputFlags(Array(CommandLine.arguments.dropFirst())))
  }

  static func withoutOutputFlags(_ arguments: [String]) -> [String] {
    var kept: [String] = []
    var skipNext = false
    for argument in arguments {
      if skipNext {
        skipNext = false
        continue
      }
      if argument == "--out" || argument == "-o" {
        skipNext = true
      } else if !(argument.hasPrefix("--out=") || argument == "--force" || (argument.hasPrefix("-o") && argument.count > 2 && !argument.hasPrefix("--"))) {
        kept.append(argument)
      }
    }
    return kept
  }
}
