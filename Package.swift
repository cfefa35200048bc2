// swift-tools-version:6.1
import PackageDescription

// Dependency direction, enforced by targets:
//   caresim (CLI) -> CareSim (social care model) -> CareSimEngine (generic DES) -> CGSL (GNU GSL)
//   caresim (CLI) -> CareSimStudio (the web studio, `caresim serve`: Hummingbird, GRDB) -> CareSim
// The engine's and the model's event loops hold their state in arrays owned by one replication
// (never shared between threads), so release builds skip the runtime exclusivity checks, which
// cost about an eighth of the pathway's time (BENCHMARKS.md, Profile). Debug builds keep them.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "CareSim",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CareSimEngine", targets: ["CareSimEngine"]),
        .library(name: "CareSim", targets: ["CareSim"]),
        .executable(name: "caresim", targets: ["caresim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The studio's web server and its store. Hummingbird's default traits (swift-configuration,
        // full Foundation) are not needed; HummingbirdTesting is not used (it builds AsyncHTTPClient
        // and BoringSSL, minutes on 2 cores): the studio's tests talk HTTP to a server on a free port.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "CareSimEngine",
            dependencies: [
                "CGSL",
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: hotPath
        ),
        .target(
            name: "CareSim",
            dependencies: [
                "CareSimEngine",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: hotPath
        ),
        .target(
            name: "CareSimStudio",
            dependencies: [
                "CareSim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "caresim",
            dependencies: [
                "CareSim",
                "CareSimStudio",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CareSimEngineTests", dependencies: ["CareSimEngine"]),
        .testTarget(name: "CareSimTests", dependencies: ["CareSim", "CareSimEngine"]),
        .testTarget(name: "caresimTests", dependencies: ["caresim", "CareSim"]),
        .testTarget(name: "CareSimStudioTests", dependencies: ["CareSimStudio", "CareSim"]),
    ]
)
