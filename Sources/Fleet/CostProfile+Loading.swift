import Foundation

/// Why a user cost-profile file could not be used.
public struct CostProfileLoadError: Error, CustomStringConvertible, Equatable {
  /// The file that was read.
  public var path: String
  /// The offending field, when one can be named.
  public var field: String?
  /// What is wrong.
  public var reason: String

  public init(path: String, field: String?, reason: String) {
    self.path = path
    self.field = field
    self.reason = reason
  }

  public var description: String {
    let location = field.map { "\(path): field '\($0)'" } ?? path
    return "\(location): \(reason). Fix the cost profile JSON (see CostProfile for the fields) and retry."
  }
}

extension CostProfile {
  /// Reads a profile from a JSON object with `CostProfile`'s field names (omitted optional
  /// coefficients default to 0, pod limits to the built-in defaults) and validates it.
  public static func load(from path: String) throws(CostProfileLoadError) -> CostProfile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CostProfileLoadError(path: path, field: nil, reason: "cannot read the file")
    }
    return try decode(data, path: path)
  }

  /// Decodes and validates a profile from JSON bytes; `path` only labels errors.
  public static func decode(_ data: Data, path: String) throws(CostProfileLoadError) -> CostProfile {
    let profile: CostProfile
    do {
      profile = try JSONDecoder().decode(CostProfileFile.self, from: data).profile
    } catch let error as DecodingError {
      throw describe(error, path: path)
    } catch {
      throw CostProfileLoadError(path: path, field: nil, reason: "not valid JSON (\(error))")
    }
    if let (field, reason) = profile.firstInvalidField() {
      throw CostProfileLoadError(path: path, field: field, reason: reason)
    }
    return profile
  }

  private static func describe(_ error: DecodingError, path: String) -> CostProfileLoadError {
    func name(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String? {
      let keys = codingPath.map(\.stringValue) + (key.map { [$0.stringValue] } ?? [])
      return keys.isEmpty ? nil : keys.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context):
      return CostProfileLoadError(path: path, field: name(context.codingPath, key), reason: "is required but missing")
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return CostProfileLoadError(path: path, field: name(context.codingPath), reason: "has the wrong type (\(context.debugDescription))")
    case .dataCorrupted(let context):
      // A key's own check (the scheduler's name) lands here with the key in its coding path.
      let keyed = context.codingPath.count > 0
      return CostProfileLoadError(
        path: path, field: name(context.codingPath),
        reason: keyed ? "is invalid: \(context.debugDescription)" : "is not valid JSON (\(context.debugDescription))")
    @unknown default:
      return CostProfileLoadError(path: path, field: nil, reason: "cannot be decoded (\(error))")
    }
  }
}

/// The on-disk shape: required name, `fixedMillis` and `prefillTokenMillis` and
/// `kvCapacityBlocks`; everything else optional.
private struct CostProfileFile: Decodable {
  var profile: CostProfile

  enum Key: String, CodingKey {
    case name, fixedMillis, prefillTokenMillis, prefillAttentionMillis, prefillContextMillis
    case decodeFixedMillis, decodeRequestMillis, decodeContextMillis, kvCapacityBlocks, blockTokens
    case maxRunningRequests, prefillTokenBudget, operatingBatch, scheduler
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    profile = CostProfile(
      name: try c.decode(String.self, forKey: .name),
      fixedMillis: try c.decode(Double.self, forKey: .fixedMillis),
      prefillTokenMillis: try c.decode(Double.self, forKey: .prefillTokenMillis),
      prefillAttentionMillis: try c.decodeIfPresent(Double.self, forKey: .prefillAttentionMillis) ?? 0,
      prefillContextMillis: try c.decodeIfPresent(Double.self, forKey: .prefillContextMillis) ?? 0,
      decodeFixedMillis: try c.decodeIfPresent(Double.self, forKey: .decodeFixedMillis) ?? 0,
      decodeRequestMillis: try c.decodeIfPresent(Double.self, forKey: .decodeRequestMillis) ?? 0,
      decodeContextMillis: try c.decodeIfPresent(Double.self, forKey: .decodeContextMillis) ?? 0,
      kvCapacityBlocks: try c.decode(Int.self, forKey: .kvCapacityBlocks),
      blockTokens: try c.decodeIfPresent(Int.self, forKey: .blockTokens) ?? 16,
      maxRunningRequests: try c.decodeIfPresent(Int.self, forKey: .maxRunningRequests) ?? 256,
      prefillTokenBudget: try c.decodeIfPresent(Int.self, forKey: .prefillTokenBudget) ?? 8192,
      operatingBatch: try c.decodeIfPresent(Int.self, forKey: .operatingBatch) ?? 32)
    if let name = try c.decodeIfPresent(String.self, forKey: .scheduler) {
      guard let scheduler = PodScheduler(rawValue: name) else {
        throw DecodingError.dataCorruptedError(
          forKey: .scheduler, in: c,
          debugDescription: "'\(name)' is not a scheduler; use \(PodScheduler.allCases.map(\.rawValue).joined(separator: " or "))")
      }
      profile.scheduler = scheduler
    }
  }
}
