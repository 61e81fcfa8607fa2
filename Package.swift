// swift-tools-version: 6.1
import PackageDescription

// No unsafe flags: a package may depend on NNCore/NNAnalysis by version. The instruction-set-specific kernels
// live in the C target CNNKernels, compiled in several versions (per-function target attributes) and chosen at
// run time from the CPU's features (NNVIZ_CPU forces one).
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
        // Hot numeric kernels in C, one version per instruction set, dispatched at run time.
        .target(name: "CNNKernels"),
        .target(name: "NNCore", dependencies: ["CNNKernels"]),
        .target(name: "NNAnalysis", dependencies: ["NNCore", "CNNKernels"]),
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
        // Linux: ncursesw + tinfo (pkg-config ncursesw). macOS (unverified): the system's ncurses 5.7, one library.
        .target(name: "NCursesBackend", dependencies: ["TerminalUI", "CNCurses"], linkerSettings: [
            .linkedLibrary("ncursesw", .when(platforms: [.linux])),
            .linkedLibrary("tinfo", .when(platforms: [.linux])),
            .linkedLibrary("ncurses", .when(platforms: [.macOS])),
        ]),
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
        .testTarget(name: "NNSessionTests", dependencies: ["NNSession", "NNJSON", "NNCore", "NNAnalysis"], exclude: ["Fixtures"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "PaneModels", "TerminalUI", "NNSession", "NNCore"], exclude: ["Snapshots"]),
        .testTarget(name: "DashboardAppTests", dependencies: ["DashboardApp", "Dashboard", "PaneModels", "TerminalUI", "NNSession", "NNCore", "NNAnalysis"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "Dashboard", "PaneModels", "NNSession", "NNCore"]),
        .testTarget(name: "NCursesBackendTests", dependencies: ["NCursesBackend", "TerminalUI"]),
        .testTarget(name: "NNBenchTests", dependencies: ["NNBench", "NNCore"]),
    ],
    swiftLanguageModes: [.v6]
)
