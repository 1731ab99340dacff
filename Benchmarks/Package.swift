// swift-tools-version:6.1
// Benchmarks live in their own package so that `swift test` in the main package never builds
// the benchmark harness. Run from this directory: `swift package benchmark`.
import PackageDescription

let package = Package(
  name: "muroute-benchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "muroute", path: ".."),
    .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "ReplayBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "MURoute", package: "muroute"),
      ],
      path: "Benchmarks/ReplayBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
  ]
)
