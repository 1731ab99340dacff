import Routing
import SimCore

/// One point of a sweep: the swept settings; everything else comes from the base configuration.
public struct SweepPoint: Sendable, Equatable {
  public var policy: RoutingPolicyKind
  /// Nil for policies that do not route by key subsets (the setting would not change them).
  public var subsetSize: SubsetSize?
  public var pods: Int
  /// Nil for policies that do not route by key subsets.
  public var spill: SpillPolicy?
  public var muPerMinute: Double

  public init(policy: RoutingPolicyKind, subsetSize: SubsetSize?, pods: Int, spill: SpillPolicy?, muPerMinute: Double) {
    self.policy = policy
    self.subsetSize = subsetSize
    self.pods = pods
    self.spill = spill
    self.muPerMinute = muPerMinute
  }

  /// `base` with this point's settings applied.
  public func configuration(from base: ReplayConfiguration) -> ReplayConfiguration {
    var configuration = base
    configuration.pods = pods
    configuration.muPerMinute = muPerMinute
    configuration.sharding.maxLoadHint = muPerMinute / 60
    if let subsetSize {
      configuration.sharding.minReplicas = subsetSize.min
      configuration.sharding.maxReplicas = subsetSize.max
    }
    if let spill { configuration.routing.spillPolicy = spill }
    return configuration
  }
}

/// The values swept on each axis; `points` is their cross product in a fixed order.
public struct SweepPlan: Sendable, Equatable {
  public var policies: [RoutingPolicyKind]
  public var subsetSizes: [SubsetSize]
  public var pods: [Int]
  public var spills: [SpillPolicy]
  public var muPerMinute: [Double]

  public init(
    policies: [RoutingPolicyKind], subsetSizes: [SubsetSize], pods: [Int], spills: [SpillPolicy], muPerMinute: [Double]
  ) {
    self.policies = policies
    self.subsetSizes = subsetSizes
    self.pods = pods
    self.spills = spills
    self.muPerMinute = muPerMinute
  }

  /// Every combination, outermost first: policy, pods, MU per minute, spill, subset size.
  ///
  /// Subset size and spill do not change policies without key subsets, so those get one point
  /// per remaining combination instead of a copy per value.
  public var points: [SweepPoint] {
    var points: [SweepPoint] = []
    for policy in policies {
      let sizes: [SubsetSize?] = policy.usesKeySubsets ? subsetSizes : [nil]
      let spillValues: [SpillPolicy?] = policy.usesKeySubsets ? spills : [nil]
      for podCount in pods {
        for mu in muPerMinute {
          for spill in spillValues {
            for size in sizes {
              points.append(SweepPoint(policy: policy, subsetSize: size, pods: podCount, spill: spill, muPerMinute: mu))
            }
          }
        }
      }
    }
    return points
  }
}

/// A swept list that could not be parsed: which flag, which item, and the accepted form.
public struct SweepListError: Error, CustomStringConvertible, Equatable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

extension SweepPlan {
  /// Splits repeated and comma-separated flag values into items (`1,2 4` -> 1, 2, 4), dropping
  /// repeats but keeping first-seen order.
  public static func items(_ values: [String]) -> [String] {
    var items: [String] = []
    for value in values {
      for item in value.split(separator: ",") {
        let trimmed = String(item.filter { $0 != " " })
        if !trimmed.isEmpty && !items.contains(trimmed) { items.append(trimmed) }
      }
    }
    return items
  }

  /// Parses every item of `values` with `parse`; the error names the flag, the item and `form`.
  public static func parseList<T>(
    _ values: [String], flag: String, form: String, _ parse: (String) -> T?
  ) throws(SweepListError) -> [T] {
    let items = items(values)
    guard !items.isEmpty else { throw SweepListError("\(flag): give at least one value (\(form))") }
    var parsed: [T] = []
    for item in items {
      guard let value = parse(item) else { throw SweepListError("\(flag) '\(item)': expected \(form)") }
      parsed.append(value)
    }
    return parsed
  }

  /// Every item of `values` as a choice (any case); the error names the flag and the item, lists
  /// the names and suggests the closest.
  static func parseChoices<Choice: NamedChoice>(_ values: [String], flag: String) throws(SweepListError) -> [Choice] {
    let items = items(values)
    guard !items.isEmpty else { throw SweepListError("\(flag): give at least one value (one of \(Choice.names.joined(separator: ", ")))") }
    var parsed: [Choice] = []
    for item in items {
      guard let choice = Choice(named: item) else { throw SweepListError("\(flag) '\(item)': \(Choice.unknownNameMessage(item))") }
      parsed.append(choice)
    }
    return parsed
  }

  /// A plan from the flags' raw values (each a comma-separated list, possibly repeated).
  public init(
    policies: [String], subsetSizes: [String], pods: [String], spills: [String], muPerMinute: [String]
  ) throws(SweepListError) {
    self.init(
      policies: try Self.parseChoices(policies, flag: "--policy"),
      subsetSizes: try Self.parseList(subsetSizes, flag: "--subset-size", form: "N or MIN:MAX with 1 <= MIN <= MAX") {
        SubsetSize(parsing: $0)
      },
      pods: try Self.parseList(pods, flag: "--pods", form: "a pod count between 1 and 100000") {
        Int($0).flatMap { (1...100_000).contains($0) ? $0 : nil }
      },
      spills: try Self.parseChoices(spills, flag: "--spill"),
      muPerMinute: try Self.parseList(muPerMinute, flag: "--mu-per-minute", form: "a positive number") {
        Double($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
      })
  }
}
