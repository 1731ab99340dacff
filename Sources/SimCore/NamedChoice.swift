/// A setting that takes one of a fixed set of names (a flag's or a scenario key's value),
/// matched the way every muroute setting is: ignoring case, and with a suggestion when mistyped.
///
/// Each choice is declared once, as an enum in the module that owns the concept; the command
/// line and the scenario file both read it through this protocol.
public protocol NamedChoice: CaseIterable, Sendable {
  /// The name a user writes.
  var name: String { get }
}

extension NamedChoice where Self: RawRepresentable, RawValue == String {
  public var name: String { rawValue }
}

extension NamedChoice {
  /// Every accepted name, in declaration order.
  public static var names: [String] { allCases.map(\.name) }

  /// The case called `text`, ignoring case; nil when none is.
  public init?(named text: String) {
    guard let match = NameMatch.exact(text, among: Self.names),
      let value = Self.allCases.first(where: { $0.name == match })
    else { return nil }
    self = value
  }

  /// "use one of a, b, c", with "; did you mean 'b'?" when a name is close to `text`.
  public static func unknownNameMessage(_ text: String) -> String {
    NameMatch.unknownValueMessage(text, among: names)
  }
}
