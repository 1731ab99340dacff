import SimCore
import Workload

/// Which part of a request decides the pod subset it belongs to.
public enum ShardKeySpec: Sendable, Equatable, CustomStringConvertible {
  case session
  case tenant
  case tenantAndSession
  /// A hash of the first `blocks` prefix blocks: the fallback for logs without sessions.
  case prefix(blocks: Int)

  /// Default number of leading blocks for the prefix key.
  public static let defaultPrefixBlocks = 4

  /// Parses `session`, `tenant`, `tenant+session`, `prefix` or `prefix:N`.
  public init?(parsing text: String) {
    switch text {
    case "session": self = .session
    case "tenant": self = .tenant
    case "tenant+session": self = .tenantAndSession
    case "prefix": self = .prefix(blocks: Self.defaultPrefixBlocks)
    default:
      guard text.hasPrefix("prefix:"), let n = Int(text.dropFirst("prefix:".count)), n > 0 else {
        return nil
      }
      self = .prefix(blocks: n)
    }
  }

  public var description: String {
    switch self {
    case .session: "session"
    case .tenant: "tenant"
    case .tenantAndSession: "tenant+session"
    case .prefix(let n): "prefix:\(n)"
    }
  }

  /// The key of `record` and whether it had to fall back to prefix blocks (no session/tenant).
  ///
  /// `chainedBlocks` are the request's chained block ids; the prefix key of N blocks is the
  /// N-th chained id, which already identifies the whole leading run.
  @inlinable
  public func key(for record: TraceRecord, chainedBlocks: [UInt64]) -> (key: UInt64, fellBack: Bool) {
    switch self {
    case .session:
      if let session = record.session { return (StableHash.hash(session), false) }
    case .tenant:
      if let tenant = record.tenant { return (StableHash.hash(tenant), false) }
    case .tenantAndSession:
      if let session = record.session {
        return (StableHash.combine(StableHash.hash(record.tenant ?? ""), StableHash.hash(session)), false)
      }
      if let tenant = record.tenant { return (StableHash.hash(tenant), true) }
    case .prefix(let n):
      return (Self.prefixKey(chainedBlocks, blocks: n, inputTokens: record.inputTokens), false)
    }
    return (Self.prefixKey(chainedBlocks, blocks: Self.defaultPrefixBlocks, inputTokens: record.inputTokens), true)
  }

  @inlinable
  static func prefixKey(_ chained: [UInt64], blocks: Int, inputTokens: Int) -> UInt64 {
    if chained.isEmpty {
      // No blocks at all: nothing to be sticky about; spread by size so keys still vary.
      return StableHash.mix(UInt64(truncatingIfNeeded: inputTokens) &+ 0x5EED)
    }
    return StableHash.mix(chained[min(blocks, chained.count) - 1])
  }
}

/// Turns a log's block ids into chained ids: equal chained id at position i means the whole
/// prefix up to i is equal, whatever the log's own id scheme (vLLM hashes blocks this way).
public enum PrefixChain {
  /// The chain's starting value, before the first block.
  public static let seed: UInt64 = 0x6D75_726F_7574_6521

  @inlinable public static func chain(_ blocks: [UInt64]) -> [UInt64] {
    var chained = blocks
    chainInPlace(&chained)
    return chained
  }
}
