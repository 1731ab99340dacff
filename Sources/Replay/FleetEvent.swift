import Foundation
import SimCore
import Workload

/// Something that happens to the fleet at a point in the replay (post-incident and what-if runs).
public struct FleetEvent: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// The pod crashes: its queued and running requests are lost (or re-routed), its cache is gone.
    case podDown(PodID)
    /// A pod comes (back) up with an empty cache.
    case podUp(PodID)
    /// Every iteration of the pod takes `factor` times as long (1 restores it).
    case slowPod(PodID, factor: Double)
    /// Kubernetes termination notice: the sharder moves the pod's slices at once, the pod stops
    /// taking new requests and finishes what it has.
    case plannedTermination(PodID)
    /// The sharder stops generating assignments for `duration`; routers keep their cached one.
    case sharderOutage(duration: SimDuration)
  }

  /// Seconds after the replay's first arrival (the log's own clock is rebased).
  public var time: SimInstant
  public var kind: Kind

  public init(time: SimInstant, kind: Kind) {
    self.time = time
    self.kind = kind
  }

  /// A short label for charts and tables, e.g. `pod 3 down`.
  public var label: String {
    switch kind {
    case .podDown(let pod): "pod \(pod.rawValue) down"
    case .podUp(let pod): "pod \(pod.rawValue) up"
    case .slowPod(let pod, let factor): "pod \(pod.rawValue) slow x\(factor)"
    case .plannedTermination(let pod): "pod \(pod.rawValue) terminating"
    case .sharderOutage(let duration): "sharder out \(Int(duration.seconds)) s"
    }
  }
}

/// A fleet events file that cannot be used: the file, line and field, and what to write instead.
public struct FleetEventError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var line: Int
  public var message: String
  public var description: String { "\(path):\(line): \(message)" }
}

/// Reads a fleet events file: JSON Lines, one event per line, e.g.
/// `{"t": 600, "event": "pod_down", "pod": 3}`. Blank lines and lines starting with `#` are skipped.
public enum FleetEventsFile {
  public static let kinds = ["pod_down", "pod_up", "slow_pod", "planned_termination", "sharder_outage"]
  /// Longest events file read; an events file is hand-written and small.
  public static let maxBytes = 16 << 20
  public static let maxEvents = 100_000

  public static func load(path: String, pods: Int) throws(FleetEventError) -> [FleetEvent] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FleetEventError(path: path, line: 0, message: "cannot read the events file (check the path)")
    }
    guard data.count <= maxBytes else {
      throw FleetEventError(path: path, line: 0, message: "events file larger than \(maxBytes >> 20) MiB")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw FleetEventError(path: path, line: 0, message: "the events file is not valid UTF-8")
    }
    return try parse(text, path: path, pods: pods)
  }

  /// Parses events from `text`; they are returned sorted by time, stable for equal times.
  public static func parse(_ text: String, path: String, pods: Int) throws(FleetEventError) -> [FleetEvent] {
    var events: [FleetEvent] = []
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = offset + 1
      let trimmed = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      func fail(_ message: String) -> FleetEventError { FleetEventError(path: path, line: line, message: message) }
      guard events.count < maxEvents else { throw fail("more than \(maxEvents) events") }
      guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
        throw fail("not a JSON object; write e.g. {\"t\": 600, \"event\": \"pod_down\", \"pod\": 3}")
      }
      guard let t = (object["t"] as? NSNumber)?.doubleValue, t.isFinite, t >= 0, t < 1e9 else {
        throw fail("field 't': seconds from the replay's start, a number from 0 to 1e9, is required")
      }
      guard let name = object["event"] as? String else {
        throw fail("field 'event': required, one of \(kinds.joined(separator: ", "))")
      }
      func pod() throws(FleetEventError) -> PodID {
        guard let number = object["pod"] as? NSNumber, let value = Int(exactly: number.doubleValue),
          value >= 0, value < max(pods, 1) * 64
        else { throw fail("field 'pod': a pod number from 0 is required for '\(name)'") }
        return PodID(value)
      }
      let kind: FleetEvent.Kind
      switch name {
      case "pod_down": kind = .podDown(try pod())
      case "pod_up": kind = .podUp(try pod())
      case "planned_termination": kind = .plannedTermination(try pod())
      case "slow_pod":
        guard let factor = (object["factor"] as? NSNumber)?.doubleValue, factor.isFinite, factor >= 1, factor <= 1_000 else {
          throw fail("field 'factor': how many times slower, a number from 1 to 1000, is required for 'slow_pod'")
        }
        kind = .slowPod(try pod(), factor: factor)
      case "sharder_outage":
        guard let seconds = (object["duration"] as? NSNumber)?.doubleValue, seconds.isFinite, seconds > 0, seconds < 1e9 else {
          throw fail("field 'duration': seconds, a positive number, is required for 'sharder_outage'")
        }
        kind = .sharderOutage(duration: .seconds(seconds))
      default:
        throw fail("field 'event': unknown event '\(name)'; use one of \(kinds.joined(separator: ", "))")
      }
      events.append(FleetEvent(time: SimInstant(nanoseconds: SimDuration.seconds(t).nanoseconds), kind: kind))
    }
    return events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
  }
}
