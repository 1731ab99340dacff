import ArgumentParser

@main
struct MURouteCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "muroute",
    abstract: "Replay LLM request logs through a model-unit routing stack and report on it.",
    subcommands: [InspectCommand.self, ConvertCommand.self, SynthCommand.self, ReplayCommand.self, SweepCommand.self])

  static func main() async {
    Interrupts.install()
    await main(nil)
  }
}
