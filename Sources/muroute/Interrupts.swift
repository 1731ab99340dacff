import Dispatch
import TemporaryFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SIGINT and SIGTERM stop a run cleanly: outputs not yet in place (a report's staging
/// directory, a log being written) are removed, a message says so, and the exit code is
/// 128 + the signal's number (130, 143), as shells report it. A report swap under way finishes
/// first, so the output directory holds the previous report or the new one, never a mix.
enum Interrupts {
  static func install() {
    let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { stop(number) }
      source.resume()
      return source
    }
    installedSources = sources
  }

  private static func stop(_ number: Int32) -> Never {
    let cleanup = TemporaryFiles.removeAllForExit()
    let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
    var message = "muroute: stopped by \(name)"
    if cleanup.removed.isEmpty && cleanup.failed.isEmpty {
      message += "; no unfinished output existed, earlier outputs are untouched.\n"
    } else {
      if !cleanup.removed.isEmpty {
        message += "; removed the unfinished output(s) \(cleanup.removed.joined(separator: ", "))"
      }
      if !cleanup.failed.isEmpty {
        message += "; could not remove \(cleanup.failed.joined(separator: "; "))"
      }
      message += "; earlier outputs are untouched.\n"
    }
    var bytes = Array(message.utf8)
    _ = write(2, &bytes, bytes.count)
    _exit(128 + number)
  }

  /// Signal sources stay alive for the whole process.
  nonisolated(unsafe) private static var installedSources: [any DispatchSourceSignal] = []
}
