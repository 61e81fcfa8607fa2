import Foundation
import NNSession
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Whole dashboards with the pictures (network thumbnails, shaded maps, exact boundaries) for real presets at
/// the four sizes a lecture meets, kept as text AND styles: `Snapshots/pictures/NAME.txt` holds the characters,
/// then one style code per cell with a legend (fg/bg colour index, attributes), so a colour change fails too.
@Suite struct PictureSnapshotTests {
    static let sizes = [Size(width: 160, height: 48), Size(width: 120, height: 36), Size(width: 100, height: 30),
                        Size(width: 80, height: 24)]
    static let presets = ["moons", "spiral-3", "relu-regions", "default", "sawtooth"]

    /// The dashboard of `preset` after `steps` training steps (paused, no spectrum yet, no rates). Snapshots use the
    /// initial (or hand-set) weights: no training, so no kernel path can change a bit of them.
    static func state(_ preset: String, size: Size, steps: Int = 0, edit: (inout AppState) -> Void = { _ in }) throws -> AppState {
        let p = try PresetLibrary.load(preset)
        var session = try Session(preset: p)
        session.step(steps)
        var s = AppState(size: size, config: ModelConfig(preset: p), choices: Choices(preset: p))
        s.apply(presetView: p)
        s.running = false
        s.model = SnapshotAdapter.model(from: session.snapshot())
        s.showCaption = s.model?.captionAtStart ?? true
        edit(&s)
        return s
    }

    static func render(_ s: AppState) -> Buffer {
        var buffer = Buffer(size: s.size)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        DashboardRenderer.render(s, into: &buffer, context: &ctx)
        return buffer
    }

    @Test(arguments: presets)
    func dashboards(preset: String) throws {
        var s = try Self.state(preset, size: Self.sizes[0])
        for size in Self.sizes {
            s.size = size
            try assertStyledSnapshot(Self.render(s), named: "\(preset)-\(size.width)x\(size.height)")
        }
    }

    /// relu-regions-4x4 with ↓ (regions after layer 2), a unit selected with `>`, and the network pane zoomed.
    @Test func layerByLayerAndZoomedNetwork() throws {
        let size = Size(width: 160, height: 48)
        var s = try Self.state("relu-regions-4x4", size: size, steps: 0)
        for key in [Key.down, .char(">"), .char(">")] { _ = Reducer.reduce(&s, .key(key)) }
        try assertStyledSnapshot(Self.render(s), named: "relu-regions-4x4-layer2-160x48")
        var z = try Self.state("moons", size: size)
        z.focus = .network
        z.zoomed = true
        _ = Reducer.reduce(&z, .key(.char(">")))
        try assertStyledSnapshot(Self.render(z), named: "moons-network-zoomed-160x48")
    }

    /// Monochrome and ASCII: density glyphs for confidence, class glyphs for the data, no colour anywhere.
    @Test func noColorAndASCII() throws {
        let s = try Self.state("moons", size: Size(width: 100, height: 30))
        for (theme, name) in [(Theme(mode: .monochrome), "moons-mono-100x30"), (Theme(mode: .monochrome, ascii: true), "moons-ascii-100x30")] {
            var buffer = Buffer(size: s.size)
            var ctx = RenderContext(theme: theme)
            DashboardRenderer.render(s, into: &buffer, context: &ctx)
            if theme.ascii { #expect(buffer.cells.allSatisfy { $0.character.isASCII }) }
            #expect(buffer.cells.allSatisfy { $0.style.fg.isDefault && $0.style.bg.isDefault })
            try assertStyledSnapshot(buffer, named: name)
        }
    }

    /// At 80×24 the network pane is its table again; above it shows pictures.
    @Test func networkDegradesToTheTableAt80x24() throws {
        var s = try Self.state("moons", size: Size(width: 80, height: 24))
        let small = Self.render(s)
        #expect(small.text.contains("‖W‖"))
        s.size = Size(width: 160, height: 48)
        let large = Self.render(s)
        #expect(!large.text.contains("‖W‖"))
        #expect(large.text.contains("h1 16") && large.text.contains("h2 16"))
    }
}

/// Text and style snapshots in `Snapshots/pictures/NAME.txt`: the rows (framed with '|'), a `styles` line, the
/// same rows as one code per cell, and a legend of the codes. Recorded with `NNVIZ_RECORD_SNAPSHOTS=1` (which
/// also fails the run, so nobody records by accident).
func assertStyledSnapshot(_ buffer: Buffer, named name: String, filePath: String = #filePath,
                          sourceLocation: SourceLocation = #_sourceLocation) throws {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/pictures")
    let file = dir.appendingPathComponent(name + ".txt")
    let codes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$%&()*+,-./:;<=>?@[]^_{}~".unicodeScalars)
    var table: [Style: Int] = [:], order: [Style] = []
    var styleRows: [String] = []
    for y in 0..<buffer.height {
        var row = String.UnicodeScalarView()
        for x in 0..<buffer.width {
            let st = buffer[x, y].style
            let k: Int
            if let i = table[st] { k = i } else { k = order.count; table[st] = k; order.append(st) }
            row.append(k < codes.count ? codes[k] : "#")
        }
        styleRows.append(String(row))
    }
    func describe(_ s: Style) -> String {
        var parts = ["fg \(s.fg.index)", "bg \(s.bg.index)"]
        if s.attributes.contains(.bold) { parts.append("bold") }
        if s.attributes.contains(.dim) { parts.append("dim") }
        if s.attributes.contains(.underline) { parts.append("underline") }
        if s.attributes.contains(.reverse) { parts.append("reverse") }
        return parts.joined(separator: " ")
    }
    let legend = order.enumerated().map { i, s in "\(i < codes.count ? String(codes[i]) : "#") = \(describe(s))" }
    let text = buffer.lines().map { "|" + $0 + "|" }.joined(separator: "\n") + "\nstyles\n"
        + styleRows.map { "|" + $0 + "|" }.joined(separator: "\n") + "\n" + legend.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["NNVIZ_RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); unset NNVIZ_RECORD_SNAPSHOTS and run again", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(file.path): run with NNVIZ_RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected != text {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = text.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : "") != (i < a.count ? a[i] : "") {
            diff.append("line \(i)\n  expected \(i < e.count ? e[i] : "<none>")\n  actual   \(i < a.count ? a[i] : "<none>")")
            if diff.count >= 6 { break }
        }
        Issue.record("snapshot \(name) differs:\n\(diff.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}
