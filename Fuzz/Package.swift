// swift-tools-version:6.1
// libFuzzer targets, one per input surface, in their own package so that `swift build` and
// `swift test` in the main package never build them. Build and run them with `scripts/fuzz`
// (docs/fuzzing.md): the targets need `-sanitize=fuzzer,address` and `-parse-as-library`.
import PackageDescription

/// Target name -> what it reads (the directory under Targets/ is the name).
let fuzzTargets = [
  "zstd", "canonical-jsonl", "canonical-csv", "mooncake", "azure", "ragpulse", "burstgpt", "bailian",
  "scenario", "contracts", "events", "profile", "pipeline", "mrlog",
]

let package = Package(
  name: "muroute-fuzz",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "muroute", path: ".."),
  ],
  targets: [
    // libzstd's compressor and a whole-buffer reference decoder (the zstd oracle), and libFuzzer's driver.
    .target(name: "CFuzzSupport", path: "Sources/CFuzzSupport", linkerSettings: [.linkedLibrary("zstd")]),
    // What every target shares: input slicing, the reader oracles, the replay invariants.
    .target(
      name: "FuzzSupport",
      dependencies: ["CFuzzSupport", .product(name: "MURoute", package: "muroute")],
      path: "Sources/FuzzSupport"),
  ] + fuzzTargets.map { name in
    .executableTarget(
      name: "fuzz-\(name)",
      dependencies: ["FuzzSupport", .product(name: "MURoute", package: "muroute")],
      path: "Targets/\(name)")
  },
  swiftLanguageModes: [.v6]
)
