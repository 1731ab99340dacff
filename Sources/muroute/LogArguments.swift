import ArgumentParser
import Traces

/// The logs named on the command line, resolved and probed once for every reader of the run:
/// a usage mistake (no log, `-` twice, one file named twice) exits 64, a data error 1.
func openLogs(_ arguments: [String], options: TraceReadOptions) throws -> MergedLogs {
  do {
    return try MergedLogs(LogSet(arguments: arguments), options: options)
  } catch  where error.kind == .usage {
    throw ValidationError(error.description)
  } catch {
    printError("Error: \(error)")
    throw ExitCode(1)
  }
}

/// The help text of the log arguments of `replay` and `sweep`.
let logArgumentsHelp = ArgumentHelp(
  "Request logs or directories of them (zstd or plain; - for standard input), merged in arrival order.",
  discussion: "A directory stands for its regular files, sorted by name (daily or hourly logs).")
