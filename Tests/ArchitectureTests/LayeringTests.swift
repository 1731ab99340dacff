import Foundation
import Testing

/// The layer table in docs/architecture.md is the rule; the sources must follow it.
@Suite struct LayeringTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Module name -> the project modules it may import, read from the documentation's table.
  static func allowedImports() throws -> [String: Set<String>] {
    let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
    var table: [String: Set<String>] = [:]
    for line in text.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 4 else { continue }
      let module = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      let allowed = cells[3].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "` ")) }
      table[module] = Set(allowed.filter { !$0.isEmpty && !$0.hasPrefix("(") && $0 != "every module above" })
      if cells[3] == "every module above" { table[module] = Set(table.keys) }
    }
    return table
  }

  static func modules() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
      .filter { !$0.hasPrefix(".") }.sorted()
  }

  /// Every `import X` of a project module in `module`'s Swift sources, with the file.
  static func imports(of module: String, among projectModules: Set<String>) -> [(file: String, imported: String)] {
    let directory = root.appendingPathComponent("Sources/\(module)")
    guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
    var found: [(String, String)] = []
    while let name = walker.nextObject() as? String {
      guard name.hasSuffix(".swift"),
        let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      else { continue }
      for line in text.split(separator: "\n") {
        let words = line.split(separator: " ").map(String.init)
        guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
          words[..<index].allSatisfy({ $0.hasPrefix("@") || ["public", "internal", "package", "private", "fileprivate"].contains($0) })
        else { continue }
        let imported = words[index + 1].split(separator: ".").first.map(String.init) ?? ""
        if projectModules.contains(imported) || imported == "Foundation" { found.append((name, imported)) }
      }
    }
    return found
  }

  @Test func everyModuleIsInTheTable() throws {
    let table = try Self.allowedImports()
    for module in try Self.modules() {
      #expect(table[module] != nil, "Sources/\(module) is not in docs/architecture.md's layer table")
    }
  }

  @Test func noModuleImportsALayerItsRowDoesNotList() throws {
    let table = try Self.allowedImports()
    let modules = Set(try Self.modules())
    for module in modules.sorted() {
      let allowed = table[module] ?? []
      for (file, imported) in Self.imports(of: module, among: modules) where imported != "Foundation" {
        #expect(allowed.contains(imported), "Sources/\(module)/\(file) imports \(imported), which docs/architecture.md does not allow")
      }
    }
  }

  /// Target name -> the project modules Package.swift lists among its dependencies.
  static func declaredDependencies(among projectModules: Set<String>) throws -> [String: Set<String>] {
    let text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
    var declared: [String: Set<String>] = [:]
    for kind in [".target(", ".executableTarget(", ".systemLibrary("] {
      for chunk in text.components(separatedBy: kind).dropFirst() {
        let quoted = chunk.split(separator: "\"", omittingEmptySubsequences: false)
        guard quoted.count > 1 else { continue }
        let name = String(quoted[1])
        var dependencies: Set<String> = []
        if let start = chunk.range(of: "dependencies: [") {
          // The bracketed list, nested brackets included.
          var depth = 1
          var body = ""
          for character in chunk[start.upperBound...] {
            if character == "[" { depth += 1 }
            if character == "]" { depth -= 1 }
            if depth == 0 { break }
            body.append(character)
          }
          let strings = body.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
          dependencies = Set(strings.filter { $0.offset % 2 == 1 }.map { String($0.element) }.filter(projectModules.contains))
        }
        declared[name] = dependencies
      }
    }
    return declared
  }

  /// A module that imports a project module its target does not declare builds only by accident
  /// (through another dependency) and hides where the layers really join.
  @Test func everyImportedModuleIsADeclaredDependency() throws {
    let modules = Set(try Self.modules())
    let declared = try Self.declaredDependencies(among: modules)
    for module in modules.sorted() {
      let dependencies = try #require(declared[module], "Sources/\(module) is no target of Package.swift")
      for (file, imported) in Self.imports(of: module, among: modules) where imported != "Foundation" {
        #expect(dependencies.contains(imported), "Sources/\(module)/\(file) imports \(imported), which Package.swift does not declare for \(module)")
      }
    }
  }

  @Test func theEngineKnowsNoFoundation() throws {
    let modules = Set(try Self.modules())
    #expect(Self.imports(of: "SimCore", among: modules).isEmpty)
  }

  @Test func theTableIsReadAsWritten() throws {
    let table = try Self.allowedImports()
    #expect(table["Replay"]?.contains("Reports") == false)
    #expect(table["Routing"] == ["SimCore", "Workload", "Sharding"])
    #expect(table["muroute"]?.contains("Replay") == true)
  }
}
