/// The tool's name and version, as `--version` prints it and as reports and report-directory
/// markers record it.
public enum ToolVersion {
  public static let name = "muroute"
  public static let current = "0.14.0"
  public static var description: String { "\(name) \(current)" }
}
