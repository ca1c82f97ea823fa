// swift-tools-version:6.0
//
// An example of depending on ganflow from another package: a finite-volume scheme written
// here (not ganflow's solver) is put through ganflow's scheme battery in this package's own
// `swift test`.
import PackageDescription

let package = Package(
    name: "custom-scheme",
    dependencies: [
        // In your own package: the path to (or the URL of) your ganflow checkout.
        .package(name: "ganflow", path: "../.."),
    ],
    targets: [
        .target(
            name: "CustomScheme",
            dependencies: [
                .product(name: "Verification", package: "ganflow"),
            ]
        ),
        .testTarget(
            name: "CustomSchemeTests",
            dependencies: [
                "CustomScheme",
                .product(name: "Verification", package: "ganflow"),
            ]
        ),
    ]
)
