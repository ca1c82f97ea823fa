// swift-tools-version:6.0
//
// ganflow: "GANs as Gradient Flows that Converge" (Huang & Zhang, JMLR 2023) as
// executable evidence. Layers, imports pointing down only:
//
//   ganflow (CLI: parse, run, print, write files)
//     → Report (the rows of `ganflow verify`, tables and SVG plots)
//       → Verification (the scheme battery, statements, trajectory files and `check`)
//         → Sim (schemes, particles, Algorithm 1, studies)
//           → Analytic (densities, divergences, GAN theory; GSL wrappers)
//             → CGSL (GSL through pkg-config)
//           → CFluxKernels (vectorised C loops: the JS flux potential on grid lines, the 2D
//             line-bundle sub-step, the step guard's sums)
//
import PackageDescription

let package = Package(
    name: "ganflow",
    products: [
        .library(name: "Analytic", targets: ["Analytic"]),
        .library(name: "Sim", targets: ["Sim"]),
        .library(name: "Verification", targets: ["Verification"]),
        .executable(name: "ganflow", targets: ["ganflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        // `swift package generate-documentation` for the DocC catalogs of each library
        // (a plugin: not built by `swift build`).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // GSL through pkg-config; `ci/setup` installs libgsl-dev when it is missing.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(name: "Analytic", dependencies: ["CGSL"]),
        // The JS flux potential on whole grid lines as a vectorised C loop (Sim's hot path).
        .target(name: "CFluxKernels"),
        .target(name: "Sim", dependencies: ["Analytic", "CFluxKernels"]),
        .target(name: "Verification", dependencies: ["Analytic", "Sim"]),
        .target(name: "Report", dependencies: ["Analytic", "Sim", "Verification"]),
        .executableTarget(
            name: "ganflow",
            dependencies: [
                "Analytic", "Sim", "Verification", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by both test targets: generators of random densities and a
        // `propertyCheck` wrapper that turns a thrown error into a failed test.
        .target(
            name: "TestSupport",
            dependencies: [
                "Analytic", "Sim", "Verification",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/Support"
        ),
        .testTarget(
            name: "Properties",
            dependencies: [
                "Analytic", "Sim", "Verification", "Report", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/Properties"
        ),
        .testTarget(
            name: "Convergence",
            dependencies: [
                "Analytic", "Sim", "Verification", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/Convergence"
        ),
        // The built `ganflow` binary run end to end: the README's examples, every error
        // path, and hostile input (no crash, no hang, one clear line).
        .testTarget(
            name: "EndToEnd",
            dependencies: ["Analytic", "Sim", "Verification", "TestSupport"],
            path: "Tests/EndToEnd"
        ),
    ]
)
