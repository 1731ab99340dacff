// swift-tools-version:6.1
import PackageDescription

// Internal invariant checks (heap order, pod accounting) run in debug builds only.
let internalChecks: [SwiftSetting] = [.define("MUROUTE_INTERNAL_CHECKS", .when(configuration: .debug))]

let package = Package(
  name: "muroute",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "muroute", targets: ["muroute"]),
    // The library core, for the benchmarks package and other tools.
    .library(name: "MURoute", targets: ["Replay", "Traces", "Synth", "Reports", "Verdicts", "Fleet", "Routing", "Sharding", "Measurements", "Workload", "SimCore", "TemporaryFiles"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
  ],
  targets: [
    // Engine: virtual time, event queue, seeded randomness, stable hashing. No domain types.
    .target(
      name: "SimCore",
      dependencies: [.product(name: "HeapModule", package: "swift-collections")],
      swiftSettings: internalChecks),
    // Shared vocabulary: a request log record, identifiers.
    .target(name: "Workload", dependencies: ["SimCore"]),
    // libzstd through pkg-config.
    .systemLibrary(
      name: "CZstd", pkgConfig: "libzstd",
      providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]),
    // CRC-32C by the CPU's instruction, for the binary log's checksums.
    .target(name: "CChecksum"),
    // Streaming request-log input and output: zstd, line splitting, canonical and public formats.
    .target(
      name: "Traces",
      dependencies: [
        "SimCore", "Workload", "CZstd", "CChecksum", "TemporaryFiles",
        .product(name: "HeapModule", package: "swift-collections"),
      ]),
    // Emulated inference pods, cost profiles, model units.
    .target(
      name: "Fleet",
      dependencies: [
        "SimCore", "Workload",
        .product(name: "DequeModule", package: "swift-collections"),
        .product(name: "HeapModule", package: "swift-collections"),
      ],
      swiftSettings: internalChecks),
    // The Dicer-style auto-sharder: key space, slices, replica sets, rebalancing phases.
    .target(
      name: "Sharding",
      dependencies: ["SimCore", "Workload", .product(name: "HeapModule", package: "swift-collections")],
      swiftSettings: internalChecks),
    // Routing policies: the baselines and the MU-subset router.
    .target(name: "Routing", dependencies: ["SimCore", "Workload", "Sharding"]),
    // Seeded generator of realistic request logs.
    .target(name: "Synth", dependencies: ["SimCore", "Workload"]),
    // Histograms, time series and the run summary that reports consume.
    .target(
      name: "Measurements",
      dependencies: ["SimCore", "Workload", .product(name: "Histogram", package: "hdrhistogram-swift")]),
    // Pure renderers (Markdown, CSV, SVG) and the one sink that writes files atomically.
    .target(name: "Reports", dependencies: ["SimCore", "Workload", "Measurements", "Verdicts", "CFileSystem", "TemporaryFiles"]),
    // Decisions over measured runs: the sweep's recommendation, `--fail-if` breaches. No text.
    .target(name: "Verdicts", dependencies: ["SimCore", "Measurements"]),
    // Paths being written that an interrupted run removes (staging reports, partial logs).
    .target(name: "TemporaryFiles"),
    // Atomic directory exchange (renameat2), which Glibc's Swift overlay does not expose.
    .target(name: "CFileSystem"),
    // Orchestration: log -> simulation of the routing stack -> run summary.
    .target(
      name: "Replay",
      dependencies: [
        "SimCore", "Workload", "Traces", "Fleet", "Sharding", "Routing", "Measurements",
        .product(name: "Yams", package: "Yams"),
        .product(name: "HeapModule", package: "swift-collections"),
        .product(name: "DequeModule", package: "swift-collections"),
      ]),
    // Thin command line.
    .executableTarget(
      name: "muroute",
      dependencies: [
        "Replay", "Reports", "Verdicts", "Traces", "Synth", "TemporaryFiles", "Fleet", "Measurements", "Routing",
        "Sharding", "SimCore", "Workload",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    .testTarget(name: "SimCoreTests", dependencies: ["SimCore"]),
    .testTarget(name: "TemporaryFilesTests", dependencies: ["TemporaryFiles"]),
    // Reads docs/architecture.md and the sources: no module imports a layer its row does not list.
    .testTarget(name: "ArchitectureTests"),
    .testTarget(name: "TracesTests", dependencies: ["Traces"], resources: [.copy("Fixtures")]),
    .testTarget(name: "FleetTests", dependencies: ["Fleet"]),
    .testTarget(name: "ShardingTests", dependencies: ["Sharding"]),
    .testTarget(name: "RoutingTests", dependencies: ["Routing"]),
    .testTarget(name: "SynthTests", dependencies: ["Synth"]),
    .testTarget(
      name: "MeasurementsTests",
      dependencies: ["Measurements", "SimCore", "Workload", .product(name: "Histogram", package: "hdrhistogram-swift")]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "Verdicts", "Measurements"], exclude: ["Snapshots"]),
    .testTarget(name: "ReplayTests", dependencies: ["Replay", "Reports", "Verdicts", "Synth", "Traces", "Fleet", "Measurements", "Routing"]),
    .testTarget(name: "EndToEndTests", dependencies: ["Traces", "Workload"]),
  ],
  swiftLanguageModes: [.v6]
)
