import Foundation
import SimCore
import Traces
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

  public static func load(path: String, pods: Int, clock: EventClock? = nil) throws(FleetEventError) -> [FleetEvent] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FleetEventError(path: path, line: 0, message: "cannot read the events file (check the path)")
    }
    guard data.count <= maxBytes else {
      throw FleetEventError(path: path, line: 0, message: "events file larger than \(maxBytes >> 20) MiB")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw FleetEventError(path: path, line: 0, message: "the events file is not valid UTF-8")
    }
    return try parse(text, path: path, pods: pods, clock: clock)
  }

  /// Parses events from `text`; they are returned sorted by time, stable for equal times.
  public static func parse(_ text: String, path: String, pods: Int, clock: EventClock? = nil) throws(FleetEventError) -> [FleetEvent] {
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
      let t: Double
      if let text = object["t"] as? String, let epoch = DateTimeText.epochNanoseconds(text) {
        t = try clockSeconds(text, epoch: epoch, clock: clock, fail: fail)
      } else {
        guard let seconds = (object["t"] as? NSNumber)?.doubleValue, seconds.isFinite, seconds >= 0, seconds < 1e9 else {
          throw fail("field 't': seconds from the replay's start (a number from 0 to 1e9) or an RFC 3339 time is required")
        }
        t = seconds
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

extension FleetEventsFile {
  /// Seconds from the replay's start of the log time `text` names.
  static func clockSeconds(
    _ text: String, epoch: Int64, clock: EventClock?, fail: (String) -> FleetEventError
  ) throws(FleetEventError) -> Double {
    guard let clock else {
      throw fail("field 't': '\(text)' is a time of day, which needs the log's clock; give seconds from the replay's start")
    }
    guard clock.start >= EventClock.earliestDate else {
      throw fail("field 't': '\(text)' is a date, but the log's timestamps count seconds from its start; give t in seconds")
    }
    let offset = clock.scale.apply(epoch) &- clock.start
    guard offset >= 0 else {
      throw fail("field 't': '\(text)' is before the replay's first request (\(EventClock.text(clock.start, scale: clock.scale)))")
    }
    let seconds = Double(offset) / 1e9
    guard seconds < 1e9 else { throw fail("field 't': '\(text)' is more than 1e9 s after the replay's start") }
    return seconds
  }
}

/// How an events file's RFC 3339 times map onto the replay's clock: the log time of the
/// replay's first request (after `--from`'s warm-up and `--speedup`), which is the replay's
/// zero and so the origin of events given in seconds too.
public struct EventClock: Sendable, Equatable {
  /// The (scaled) log time of the replay's first request, ns.
  public var start: Int64
  /// `--speedup`: an event's log time is scaled like an arrival's.
  public var scale: TimeScale

  public init(start: Int64, scale: TimeScale = .identity) {
    self.start = start
    self.scale = scale
  }

  /// Log times before 1973 are taken for seconds from the log's start, not dates.
  static let earliestDate: Int64 = 100_000_000_000_000_000

  /// The first request's time as the user would write it (on the replayed clock under --speedup).
  static func text(_ start: Int64, scale: TimeScale) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let date = formatter.string(from: Date(timeIntervalSince1970: Double(start) / 1e9))
    return scale.speedup == 1 ? date : "\(date) on the replayed clock"
  }
}
