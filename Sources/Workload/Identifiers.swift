/// An emulated pod, numbered from 0 in the order the fleet created it.
public struct PodID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var rawValue: Int
  @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }
  @inlinable public static func < (lhs: PodID, rhs: PodID) -> Bool { lhs.rawValue < rhs.rawValue }
  public var description: String { "pod-\(rawValue)" }
}
