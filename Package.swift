// swift-tools-version: 6.1
import PackageDescription

// NNCore's and NNAnalysis' kernels use SIMD4<Double>: on x86-64 let them use AVX2 (2–3× faster training steps). This does not
// change any result (no FMA contraction; lane arithmetic is IEEE either way). `haswell`, not `x86-64-v3`,
// which breaks the Clang importer here. Needs an AVX2 CPU (2013+).
#if arch(x86_64)
let cpuSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let cpuSettings: [SwiftSetting] = []
#endif
// The numeric modules are optimised in debug builds too: unoptimised Swift runs numeric code 20–100×
// slower, which made `swift run nnviz` train at a crawl and the maths tests slow. Results are the same
// bits either way (no fast-math; FMA only where the code asks for it).
let nnCoreSettings: [SwiftSetting] = cpuSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "nnviz",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "nnviz", targets: ["nnviz"]),
        .library(name: "NNCore", targets: ["NNCore"]),
        .library(name: "NNAnalysis", targets: ["NNAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Maths: no terminal code.
        .target(name: "NNCore", swiftSettings: nnCoreSettings),
        .target(name: "NNAnalysis", dependencies: ["NNCore"], swiftSettings: nnCoreSettings),
        // JSON values, reader and writer: a leaf every module may use.
        .target(name: "NNJSON"),
        .target(name: "NNSession", dependencies: ["NNCore", "NNAnalysis", "NNJSON"]),
        // Terminal: pure cell buffers, then the one module that talks to ncurses.
        .target(name: "TerminalUI", dependencies: ["NNJSON"]),
        // What the panes draw (view models) and how a snapshot becomes them: no terminal code.
        .target(name: "PaneModels", dependencies: ["NNCore", "NNAnalysis", "NNSession"]),
        .target(name: "Dashboard", dependencies: ["NNCore", "NNAnalysis", "NNSession", "PaneModels", "TerminalUI"]),
        // Slide figures (SVG) from the dashboard's view models: no terminal code.
        .target(name: "Figures", dependencies: ["NNCore", "NNAnalysis", "NNSession", "PaneModels"]),
        // The live dashboard's runtime: one frame loop, one training queue, the job workers. No ncurses.
        .target(name: "DashboardApp", dependencies: ["NNAnalysis", "NNSession", "PaneModels", "Dashboard", "TerminalUI"]),
        .systemLibrary(name: "CNCurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "NCursesBackend", dependencies: ["TerminalUI", "CNCurses"]),
        // The benchmark harness behind `nnviz bench`, kept out of the product's libraries.
        .target(name: "NNBench", dependencies: ["NNCore", "NNAnalysis", "NNSession", "PaneModels", "TerminalUI", "Dashboard"]),
        .executableTarget(
            name: "nnviz",
            dependencies: [
                "NNCore", "NNAnalysis", "NNSession", "PaneModels", "TerminalUI", "Dashboard", "DashboardApp", "Figures", "NCursesBackend",
                "NNBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NNCoreTests", dependencies: ["NNCore"]),
        .testTarget(name: "NNAnalysisTests", dependencies: ["NNAnalysis", "NNCore"]),
        .testTarget(name: "NNSessionTests", dependencies: ["NNSession", "NNCore", "NNAnalysis"], exclude: ["Fixtures"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "PaneModels", "TerminalUI", "NNSession", "NNCore"], exclude: ["Snapshots"]),
        .testTarget(name: "DashboardAppTests", dependencies: ["DashboardApp", "Dashboard", "PaneModels", "TerminalUI", "NNSession", "NNCore", "NNAnalysis"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "Dashboard", "PaneModels", "NNSession", "NNCore"]),
        .testTarget(name: "NCursesBackendTests", dependencies: ["NCursesBackend", "TerminalUI"]),
        .testTarget(name: "NNBenchTests", dependencies: ["NNBench", "NNCore"]),
    ],
    swiftLanguageModes: [.v6]
)
