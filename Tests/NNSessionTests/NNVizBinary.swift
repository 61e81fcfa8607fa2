import Foundation
import Testing

/// The `nnviz` executable the process tests run: the one built next to this test bundle, so it is the
/// build being tested whatever the configuration (`swift test -c release`) or `--scratch-path`.
/// `NNVIZ_BINARY=PATH` names another one explicitly.
enum NNVizBinary {
    static let path: String? = {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["NNVIZ_BINARY"], !explicit.isEmpty { return explicit }
        var directories: [URL] = []
        // The test bundle (`nnvizPackageTests.xctest`) sits in the build products directory beside `nnviz`:
        // on Linux it is the running executable, on macOS a loaded bundle.
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        let running = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        directories.append(running.deletingLastPathComponent())
        directories.append(Bundle.main.bundleURL)
        for dir in directories {
            let candidate = dir.appendingPathComponent("nnviz").path
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The path, or a failed requirement that says how to build it.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(path, "no nnviz executable beside the test bundle: build it first (swift build, with the same -c and --scratch-path)",
                     sourceLocation: sourceLocation)
    }
}

@Suite struct NNVizBinaryTests {
    /// Without `NNVIZ_BINARY`, the executable found is the one in the test bundle's own directory (so a
    /// release or custom scratch-path build tests its own `nnviz`, never a stale debug one).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["NNVIZ_BINARY"] == nil))
    func theBinaryIsTheOneBesideTheTestBundle() throws {
        let found = URL(fileURLWithPath: try NNVizBinary.require()).deletingLastPathComponent().standardizedFileURL.path
        let running = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let bundles = Bundle.allBundles.map { $0.bundleURL.standardizedFileURL.path }
        #expect(found == running.deletingLastPathComponent().standardizedFileURL.path || bundles.contains { $0.hasPrefix(found) },
                "found \(found); running \(running.path); bundles \(bundles)")
    }
}
