// swift-tools-version:6.1
import PackageDescription

// Dependency direction, enforced by targets:
//   caresim (CLI) -> CareSim (social care model) -> CareSimEngine (generic DES) -> CGSL (GNU GSL)
//   caresim (CLI) -> CareSimStudio (the web studio, `caresim serve`: Hummingbird, GRDB) -> CareSim
// The engine's and the model's event loops hold their state in arrays owned by one replication
// (never shared between threads), so release builds skip the runtime exclusivity checks, which
// cost about an eighth of the pathway's time (BENCHMARKS.md, Profile). Debug builds keep them.
// The engine is also compiled with cross-module optimisation, so that the model's event loop inlines its event list
// and draws. The model itself is not: its clients (the CLI, the studio, the tests) call it once a run, and making its
// bodies available to them cost about a fifth of its build (CareSim and what depends on it: 134 s against 108 s on 2
// cores), with the ten-year England run, the Family Safeguarding arm and RN-1 as fast without it (runs alternated with
// a build with it: 0.98, 1.01 and 1.01 of its time) and their outputs byte-identical.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))]
let model: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

// make test builds in release with CARESIM_TESTING=1: the project's own targets are compiled with -enable-testing (for
// the tests' @testable imports), the dependencies as for any release build (-Xswiftc -enable-testing would compile them
// with it too, about a tenth more of the build's time on 2 cores). The test targets themselves are not optimised: they
// drive the optimised model and do little work of their own (the suite runs as fast), and optimising them cost about
// half a minute of the build.
let testing: [SwiftSetting] = Context.environment["CARESIM_TESTING"] == "1" ? [.unsafeFlags(["-enable-testing"], .when(configuration: .release))] : []
let testCode: [SwiftSetting] = [.unsafeFlags(["-Onone"], .when(configuration: .release))]

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
            swiftSettings: hotPath + testing
        ),
        .target(
            name: "CareSim",
            dependencies: [
                "CareSimEngine",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: model + testing
        ),
        .target(
            name: "CareSimStudio",
            dependencies: [
                "CareSim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: testing
        ),
        .executableTarget(
            name: "caresim",
            dependencies: [
                "CareSim",
                "CareSimStudio",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: testing
        ),
        .testTarget(name: "CareSimEngineTests", dependencies: ["CareSimEngine"], swiftSettings: testCode),
        .testTarget(name: "CareSimTests", dependencies: ["CareSim", "CareSimEngine"], swiftSettings: testCode),
        // GoldenOutputs.txt is read by its path (GoldenOutputTests), not a resource.
        .testTarget(name: "caresimTests", dependencies: ["caresim", "CareSim"], exclude: ["GoldenOutputs.txt"], swiftSettings: testCode),
        .testTarget(name: "CareSimStudioTests", dependencies: ["CareSimStudio", "CareSim"], swiftSettings: testCode),
    ]
)
