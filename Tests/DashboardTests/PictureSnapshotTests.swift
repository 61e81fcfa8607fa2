import Foundation
import NNSession
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Whole dashboards with the pictures (network thumbnails, shaded maps, exact boundaries) for real presets at
/// the four sizes a lecture meets, kept as text and styles in `Snapshots/pictures/` (a colour change fails too).
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
        var s = AppState(size: size, preset: p)
        s.running = false
        s.message = nil
        s.model = SnapshotAdapter.model(from: session.snapshot())
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
            try assertSnapshot(Self.render(s), named: "pictures/\(preset)-\(size.width)x\(size.height)")
        }
    }

    /// relu-regions-4x4 with ↓ (regions after layer 2), a unit selected with `>`, and the network pane zoomed.
    @Test func layerByLayerAndZoomedNetwork() throws {
        let size = Size(width: 160, height: 48)
        var s = try Self.state("relu-regions-4x4", size: size, steps: 0)
        for key in [Key.down, .char(">"), .char(">")] { _ = Reducer.reduce(&s, .key(key)) }
        try assertSnapshot(Self.render(s), named: "pictures/relu-regions-4x4-layer2-160x48")
        var z = try Self.state("moons", size: size)
        z.focus = .network
        z.zoomed = true
        _ = Reducer.reduce(&z, .key(.char(">")))
        try assertSnapshot(Self.render(z), named: "pictures/moons-network-zoomed-160x48")
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
            try assertSnapshot(buffer, named: "pictures/" + name)
        }
    }

    /// 16 and 8 colours (TERM=xterm): every data point stands apart from its cell (8 colours once drew a class's
    /// points in the very colour of its region), with the active-unit map on (`v`).
    @Test(arguments: [ColorMode.color16, .color8])
    func fewColours(mode: ColorMode) throws {
        for preset in ["moons", "relu-regions"] {
            var s = try Self.state(preset, size: Size(width: 160, height: 48))
            if !s.showActiveMap { _ = Reducer.reduce(&s, .key(.char("v"))) }
            #expect(s.showActiveMap)
            var buffer = Buffer(size: s.size)
            var ctx = RenderContext(theme: Theme(mode: mode))
            DashboardRenderer.render(s, into: &buffer, context: &ctx)
            let points = buffer.cells.filter { $0.character == "●" || $0.character == "○" }
            #expect(points.count > 20, "\(preset): \(points.count) points")
            for c in points { #expect(c.style.fg != c.style.bg, "\(preset): a point in its background's colour") }
            try assertSnapshot(buffer, named: "pictures/\(preset)-\(mode.rawValue)-160x48")
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
