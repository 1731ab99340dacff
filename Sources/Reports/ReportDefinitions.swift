/// Where reports point readers for the definition of every figure: `docs/reports.md` in the
/// muroute repository. The link is relative to a report two folders below the repository root
/// (the bundled `reports/NAME/`), and its text names the file, so a report written anywhere else
/// still says where to look.
public enum ReportDefinitions {
  public static let path = "docs/reports.md"

  /// A Markdown link to `anchor` (a heading's slug) in the definitions.
  public static func link(_ anchor: String, text: String? = nil) -> String {
    "[\(text ?? "\(path)#\(anchor)")](../../\(path)#\(anchor))"
  }
}
