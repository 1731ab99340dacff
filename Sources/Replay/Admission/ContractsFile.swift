import Foundation
import SimCore
import Yams

/// Reads a contracts file (YAML), or the `contracts:` part of a scenario, into `Contracts`.
///
/// ```yaml
/// tenants:
///   acme: {reserved_mu_per_min: 50}
///   globex: {reserved_mu_per_min: 20, burst_seconds: 30}
/// best_effort_mu_per_min: 200
/// over_contract: reject   # or queue
/// max_queue_seconds: 5
/// ```
/// Unknown keys are errors, so that a misspelt key never silently falls back to a default.
public enum ContractsFile {
  static let topKeys = ["tenants", "best_effort_mu_per_min", "best_effort_burst_seconds", "over_contract", "max_queue_seconds"]
  static let tenantKeys = ["reserved_mu_per_min", "burst_seconds"]

  /// Reads and checks a contracts file.
  public static func load(path: String) throws(ContractsError) -> Contracts {
    let text: String
    do { text = try YAMLFile.text(at: path, kind: "contracts file") } catch { throw ContractsError(path: path, message: error.message) }
    return try parse(text, path: path)
  }

  /// Parses contracts text; `path` only names the file in errors.
  public static func parse(_ text: String, path: String) throws(ContractsError) -> Contracts {
    let node: Node?
    do { node = try YAMLFile.compose(text) } catch { throw ContractsError(path: path, message: error.message) }
    guard let node else { return Contracts() }
    return try parse(node, path: path, keyPath: "")
  }

  /// Parses a contracts mapping found at `keyPath` (empty at a file's top level) of the file at `path`.
  public static func parse(_ node: Node, path: String, keyPath: String) throws(ContractsError) -> Contracts {
    let mapping = try requireMapping(node, path: path, keyPath: keyPath)
    var contracts = Contracts()
    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      let here = join(keyPath, key)
      switch key {
      case "tenants":
        contracts.tenants = try parseTenants(value, path: path, keyPath: here)
      case "best_effort_mu_per_min":
        contracts.bestEffortMUPerMinute = try number(value, path: path, keyPath: here, minimum: 0, example: "200")
      case "best_effort_burst_seconds":
        contracts.bestEffortBurstSeconds = try number(value, path: path, keyPath: here, minimum: 0, example: "60", strictly: true, seconds: true)
      case "over_contract":
        guard let text = value.string, let action = Contracts.OverContract(rawValue: text) else {
          throw ContractsError(path: path, line: value.mark?.line, keyPath: here, message: "must be reject or queue")
        }
        contracts.overContract = action
      case "max_queue_seconds":
        contracts.maxQueue = .seconds(try number(value, path: path, keyPath: here, minimum: 0, example: "5", seconds: true))
      default:
        throw unknownKey(key, keyNode, allowed: topKeys, path: path, keyPath: keyPath)
      }
    }
    contracts.tenants.sort { $0.name < $1.name }
    return contracts
  }

  static func parseTenants(_ node: Node, path: String, keyPath: String) throws(ContractsError) -> [Contracts.Tenant] {
    let mapping = try requireMapping(node, path: path, keyPath: keyPath)
    var tenants: [Contracts.Tenant] = []
    for (nameNode, body) in mapping {
      guard let name = nameNode.string, !name.isEmpty else {
        throw ContractsError(path: path, line: nameNode.mark?.line, keyPath: keyPath, message: "a tenant name must be non-empty text")
      }
      let here = join(keyPath, name)
      let fields = try requireMapping(body, path: path, keyPath: here)
      var rate: Double?
      var burst = Contracts.defaultBurstSeconds
      for (keyNode, value) in fields {
        let key = keyNode.string ?? ""
        switch key {
        case "reserved_mu_per_min":
          rate = try number(value, path: path, keyPath: join(here, key), minimum: 0, example: "50", strictly: true)
        case "burst_seconds":
          burst = try number(value, path: path, keyPath: join(here, key), minimum: 0, example: "30", strictly: true, seconds: true)
        default:
          throw unknownKey(key, keyNode, allowed: tenantKeys, path: path, keyPath: here)
        }
      }
      guard let rate else {
        throw ContractsError(
          path: path, line: body.mark?.line, keyPath: here,
          message: "is missing reserved_mu_per_min; write e.g. `\(name): {reserved_mu_per_min: 50}`")
      }
      tenants.append(Contracts.Tenant(name: name, reservedMUPerMinute: rate, burstSeconds: burst))
    }
    return tenants
  }

  static func requireMapping(_ node: Node, path: String, keyPath: String) throws(ContractsError) -> Node.Mapping {
    guard let mapping = node.mapping else {
      let what = keyPath.isEmpty ? "the top level" : "'\(keyPath)'"
      throw ContractsError(path: path, line: node.mark?.line, keyPath: keyPath, message: "\(what) must be a mapping of keys")
    }
    return mapping
  }

  static func number(
    _ node: Node, path: String, keyPath: String, minimum: Double, example: String, strictly: Bool = false,
    seconds: Bool = false
  ) throws(ContractsError) -> Double {
    let bound =
      switch (strictly, seconds) {
      case (true, false): "a positive number"
      case (false, false): "a number, zero or more"
      case (true, true): "a positive number of seconds up to 1e9"
      case (false, true): "a number of seconds from 0 to 1e9"
      }
    guard let value = node.float, value.isFinite, strictly ? value > minimum : value >= minimum,
      !seconds || value <= SimDuration.longestInputSeconds
    else {
      let last = keyPath.split(separator: ".").last.map(String.init) ?? keyPath
      throw ContractsError(
        path: path, line: node.mark?.line, keyPath: keyPath,
        message: "must be \(bound) (got '\(node.string ?? "?")'), e.g. `\(last): \(example)`")
    }
    return value
  }

  static func unknownKey(_ key: String, _ node: Node, allowed: [String], path: String, keyPath: String) -> ContractsError {
    ContractsError(
      path: path, line: node.mark?.line, keyPath: join(keyPath, key),
      message: "is an unknown key; known keys here: \(allowed.joined(separator: ", "))")
  }

  static func join(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }
}

/// A contracts file that cannot be used: the file, the line and key, what is wrong and what to write.
public struct ContractsError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var line: Int?
  public var keyPath: String
  public var message: String

  public init(path: String, line: Int? = nil, keyPath: String = "", message: String) {
    self.path = path
    self.line = line
    self.keyPath = keyPath
    self.message = message
  }

  public var description: String {
    let place = line.map { "\(path):\($0)" } ?? path
    return keyPath.isEmpty ? "\(place): \(message)" : "\(place): '\(keyPath)' \(message)"
  }

  /// The description without the file name, for errors that name the file themselves.
  public var withoutPath: String {
    let what = keyPath.isEmpty ? message : "'\(keyPath)' \(message)"
    return line.map { "line \($0): \(what)" } ?? what
  }
}
