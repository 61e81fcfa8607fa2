import Foundation
import Testing
import TerminalUI

/// Snapshots kept beside the tests in `Snapshots/NAME.txt`: the text of the buffer, then its styles, so a
/// changed colour fails a test like a changed character. With `NNVIZ_RECORD_SNAPSHOTS=1` the snapshot is
/// (re)written AND the test fails, so nobody records by accident and commits a green run.
///
/// File format: the text rows, each framed with `|` so trailing spaces are visible and kept; a line
/// `styles:`; the same grid with one code character per cell naming its style (`.` is the plain style);
/// a line `legend:`; one line per code, `CODE fg=F bg=B ATTRIBUTES` (colours as palette indices, `-` for
/// the terminal's default), in order of first appearance.
func assertSnapshot(_ buffer: Buffer, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent(name + ".txt")
    let text = SnapshotText.render(buffer)
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
            diff.append("line \(i + 1)\n  expected \(i < e.count ? e[i] : "<none>")\n  actual   \(i < a.count ? a[i] : "<none>")")
            if diff.count >= 6 { break }
        }
        let detail: String = diff.joined(separator: "\n")
        Issue.record("snapshot \(name) differs:\n\(detail)", sourceLocation: sourceLocation)
    }
}

/// The snapshot text of a buffer: characters, then a style code per cell and the codes' legend.
enum SnapshotText {
    static func render(_ buffer: Buffer) -> String {
        var codes: [Style: Character] = [.plain: "."]
        var legend: [(Character, Style)] = [(".", .plain)]
        var styleRows: [String] = []
        for y in 0..<buffer.height {
            var row = "|"
            for x in 0..<buffer.width {
                let style = buffer[x, y].style
                if let c = codes[style] {
                    row.append(c)
                } else {
                    let c = code(legend.count)
                    codes[style] = c
                    legend.append((c, style))
                    row.append(c)
                }
            }
            styleRows.append(row + "|")
        }
        let textRows = buffer.lines().map { "|" + $0 + "|" }
        return (textRows + ["styles:"] + styleRows + ["legend:"] + legend.map { "\($0.0) " + describe($0.1) })
            .joined(separator: "\n") + "\n"
    }

    /// The n-th code: printable ASCII except space, `|` and `.`, then letters from U+0100 on.
    static func code(_ n: Int) -> Character {
        let ascii = (33...126).compactMap(Unicode.Scalar.init).filter { $0 != "|" && $0 != "." }
        if n - 1 < ascii.count { return Character(ascii[n - 1]) }
        return Character(Unicode.Scalar(UInt32(0x100 + n - 1 - ascii.count)) ?? "?")
    }

    static func describe(_ s: Style) -> String {
        func color(_ c: Color) -> String { c.isDefault ? "-" : String(c.index) }
        var parts = ["fg=\(color(s.fg))", "bg=\(color(s.bg))"]
        let names: [(Attributes, String)] = [(.bold, "bold"), (.dim, "dim"), (.underline, "underline"), (.reverse, "reverse")]
        for (a, n) in names where s.attributes.contains(a) { parts.append(n) }
        return parts.joined(separator: " ")
    }
}
