// swift-tools-version:6.0
//
// ganflow: "GANs as Gradient Flows that Converge" (Huang & Zhang, JMLR 2023) as
// executable evidence. Layers, imports pointing down only:
//
//   ganflow (CLI)  →  Sim (schemes, experiments, the battery)  →  Analytic  →  CGSL
//
import PackageDescription

let package = Package(
    name: "ganflow",
    products: [
        .library(name: "Analytic", targets: ["Analytic"]),
        .library(name: "Sim", targets: ["Sim"]),
        .executable(name: "ganflow", targets: ["ganflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // GSL through pkg-config; `ci/setup` installs libgsl-dev when it is missing.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(name: "Analytic", dependencies: ["CGSL"]),
        .target(name: "Sim", dependencies: ["Analytic", "CGSL"]),
        .executableTarget(
            name: "ganflow",
            dependencies: [
                "Analytic", "Sim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by both test targets: generators of random densities and a
        // `propertyCheck` wrapper that turns a thrown error into a failed test.
        .target(
            name: "TestSupport",
            dependencies: [
                "Analytic", "Sim",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/Support"
        ),
        .testTarget(
            name: "Properties",
            dependencies: [
                "Analytic", "Sim", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/Properties"
        ),
        .testTarget(
            name: "Convergence",
            dependencies: [
                "Analytic", "Sim", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/Convergence"
        ),
    ]
)
