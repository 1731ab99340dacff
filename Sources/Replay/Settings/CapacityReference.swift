import Fleet

/// The request shape a pod's in-flight MU capacity is expressed in: measured from the log, or given.
public enum CapacityReference: Sendable, Equatable, CustomStringConvertible, SettingText {
  /// The mean shape of the log's first `CapacityCalibration.sampleSize` requests.
  case auto
  case shape(RequestShape)

  public init(settingText text: String) throws(SettingTextError) {
    if text.lowercased() == "auto" {
      self = .auto
    } else if let shape = RequestShape(parsing: text) {
      self = .shape(shape)
    } else {
      throw SettingTextError("use auto, or IN:OUT, the prompt and output tokens of a typical request")
    }
  }

  public var description: String {
    switch self {
    case .auto: "auto"
    case .shape(let shape): "\(shape.inputTokens):\(shape.outputTokens)"
    }
  }
}
