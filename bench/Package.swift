// swift-tools-version: 6.1
//
// ganflow's benchmarks, kept out of the main package so that its build and CI never
// carry the benchmark framework. Run from this folder:
//
//   swift package benchmark                       ordo-one/benchmark suites (Benchmarks/)
//   swift build -c release --product bench-runner the one-shot runner the peer scripts call
//
// ordo-one/benchmark is named with `traits: ["MallocInterposer"]`: naming the traits
// replaces its default set (MallocInterposer and RuntimeInterposer), and the
// RuntimeInterposer trait would pull in a further package (swift-runtime-interposer) for
// Swift 6.3 on Linux. The malloc interposer is ordo-one's own package; no jemalloc and
// no other system library is needed. swift-tools-version 6.1 is the first with traits.
import PackageDescription

let package = Package(
    name: "ganflow-bench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bench-runner", targets: ["bench-runner"]),
    ],
    dependencies: [
        .package(name: "ganflow", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The measured work, shared by the benchmark suites and the runner.
        .target(
            name: "Workloads",
            dependencies: [
                .product(name: "Analytic", package: "ganflow"),
                .product(name: "Sim", package: "ganflow"),
            ]
        ),
        // One workload, once, printing the one-line results that bench/*/run.sh parse.
        .executableTarget(name: "bench-runner", dependencies: ["Workloads"]),
        .executableTarget(
            name: "SolverBenchmarks",
            dependencies: ["Workloads", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/SolverBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "QuadratureBenchmarks",
            dependencies: ["Workloads", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/QuadratureBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "GANBenchmarks",
            dependencies: ["Workloads", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/GANBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
