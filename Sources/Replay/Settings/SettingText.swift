import Fleet
import Routing
import SimCore

/// A setting's value as a user writes it, in a flag or a scenario file: both read it through
/// `init(settingText:)`, so a value means the same in each and a mistake gets the same answer.
public protocol SettingText: Sendable, Equatable {
  /// The value `text` stands for; the error says what is accepted instead.
  init(settingText text: String) throws(SettingTextError)
}

/// A setting's text that names no value: what is accepted instead (and the closest name).
public struct SettingTextError: Error, Equatable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

extension SettingText where Self: NamedChoice {
  public init(settingText text: String) throws(SettingTextError) {
    guard let choice = Self(named: text) else { throw SettingTextError(Self.unknownNameMessage(text)) }
    self = choice
  }
}

extension SpillPolicy: SettingText {}
extension PodSimulationMode: SettingText {}
extension OutputPredictorKind: SettingText {}
extension ArrivalMode: SettingText {}
extension RoutingPolicyKind: SettingText {}

extension PodScheduler: SettingText {
  public init(settingText text: String) throws(SettingTextError) {
    let names = Self.allCases.map(\.rawValue)
    guard let name = NameMatch.exact(text, among: names), let scheduler = Self(rawValue: name) else {
      throw SettingTextError(NameMatch.unknownValueMessage(text, among: names))
    }
    self = scheduler
  }
}

extension ShardKeySpec: SettingText {
  public init(settingText text: String) throws(SettingTextError) {
    guard let key = Self(parsing: text.lowercased()) else {
      throw SettingTextError("use session, tenant, tenant+session, prefix or prefix:N")
    }
    self = key
  }
}

extension SubsetSize: SettingText {
  public init(settingText text: String) throws(SettingTextError) {
    guard let size = Self(parsing: text) else { throw SettingTextError("use N or MIN:MAX with 1 <= MIN <= MAX") }
    self = size
  }
}
