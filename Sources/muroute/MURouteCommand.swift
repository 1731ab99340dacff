import ArgumentParser
import Reports

@main
struct MURouteCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "muroute",
    abstract: "Replay LLM request logs through a model-unit routing stack and report on it.",
    version: ToolVersion.current,
    subcommands: [InspectCommand.self, ConvertCommand.self, SynthCommand.self, ReplayCommand.self, SweepCommand.self, CalibrateCommand.self])

  /// Parses and runs as `AsyncParsableCommand.main` does, except for a `ValidationError` thrown
  /// by a subcommand's `run()` (a value only checkable once the log or the scenario is read):
  /// the library would follow it with the root command's usage line, which says nothing about
  /// the flag at fault, so it points at the subcommand's help instead.
  static func main() async {
    Interrupts.install()
    let parsed: ParsableCommand
    do { parsed = try await asyncParseAsRoot() } catch { exit(withError: error) }
    var command = parsed
    do {
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let error as ValidationError {
      let name = type(of: parsed).configuration.commandName.map { "muroute \($0)" } ?? "muroute"
      printError("Error: \(error.message)\n  See '\(name) --help' for more information.")
      exit(withError: ExitCode.validationFailure)
    } catch {
      exit(withError: error)
    }
  }
}
