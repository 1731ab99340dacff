import Foundation

/// Runs blocking work on a thread of its own and awaits its result without holding a thread
/// of Swift's cooperative pool, which has only as many threads as cores: replays that block
/// on a shared feed must not take those threads from the reader they wait for.
enum DedicatedThread {
  /// Stack for each replay or reader thread: the main thread's usual size, so deep recursion
  /// behaves as it did on the cooperative pool.
  static let stackSize = 8 << 20

  static func run<Value: Sendable>(
    name: String, _ body: @escaping @Sendable () throws -> Value
  ) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
      let thread = Thread { continuation.resume(with: Result { try body() }) }
      thread.name = name
      thread.stackSize = stackSize
      thread.start()
    }
  }
}
