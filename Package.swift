// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Trellis",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "trellis", targets: ["trellis"]),
        .library(name: "TrellisCore", targets: ["TrellisCore"]),
        .library(name: "TrellisStore", targets: ["TrellisStore"]),
        .library(name: "TrellisCLI", targets: ["TrellisCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        .executableTarget(name: "trellis", dependencies: ["TrellisCLI"]),
        .target(
            name: "TrellisCLI",
            dependencies: [
                "TrellisStore", "TrellisCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(
            name: "TrellisStore",
            dependencies: [
                "TrellisCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(name: "TrellisCore"),
        .target(
            name: "TrellisTestSupport",
            dependencies: ["TrellisCore", "TrellisStore", "TrellisCLI"]),
        .testTarget(name: "TrellisCoreTests", dependencies: ["TrellisCore", "TrellisTestSupport"]),
        .testTarget(
            name: "TrellisStoreTests",
            dependencies: ["TrellisStore", "TrellisTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"]),
        .testTarget(
            name: "TrellisCLITests",
            dependencies: [
                "TrellisCLI", "TrellisStore", "TrellisTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
