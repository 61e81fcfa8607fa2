import Foundation
import Testing
import TerminalUI

/// Text snapshots kept beside the tests in `Snapshots/NAME.txt`. With `NNVIZ_RECORD_SNAPSHOTS=1` the
/// snapshot is (re)written AND the test fails, so nobody records by accident and commits a green run.
func assertSnapshot(_ buffer: Buffer, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent(name + ".txt")
    // Each row framed with '|' so trailing spaces are visible and kept.
    let text = buffer.lines().map { "|" + $0 + "|" }.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["NNVIZ_RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); unset NNVIZ_RECORD_SNAPSHOTS and run again", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(file.path): run with NNVIZ_RECORD_SNAPSHOTS=1 to record it",
                     sourceLocation: sourceLocation)
        return
    }
    if expected != text {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = text.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : "") != (i < a.count ? a[i] : "") {
            diff.append("row \(i)\n  expected \(i < e.count ? e[i] : "<none>")\n  actual   \(i < a.count ? a[i] : "<none>")")
            if diff.count >= 6 { break }
        }
        let detail: String = diff.joined(separator: "\n")
        Issue.record("snapshot \(name) differs:\n\(detail)", sourceLocation: sourceLocation)
    }
}
