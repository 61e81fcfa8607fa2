import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Shipped presets on screen without training: each session's state as the dashboard opens it, with the
/// fixture's view models under the preset's own name, title, caption and named panes (what the caption
/// and layout depend on), so a test can render every preset at every size in a few milliseconds.
enum PresetScreens {
    /// The whole screen of a single-mode state, in 256 colours (what the screen-size tests read).
    static func render(_ s: AppState) -> Buffer {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        return b
    }

    /// The whole screen of a compare state, in 256 colours.
    static func render(_ s: CompareState) -> Buffer {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 0, height: 0)
        CompareRenderer.render(s, into: &b, context: &ctx)
        return b
    }

    static func model(_ p: Preset) -> DashboardModel {
        let d = p.data.kind.isOneDimensional ? 1 : 2
        var m = Fixtures.model(inputDimension: d)
        m.presetName = p.name
        m.title = p.title
        m.caption = p.caption
        m.formula = ""
        m.namedPanes = SnapshotAdapter.namedPanes(p.view.panes, inputDimension: d)
        return m
    }

    static func single(_ p: Preset, width: Int, height: Int) -> AppState {
        var s = AppState(size: Size(width: width, height: height), preset: p)
        s.model = model(p)
        s.spectrum = Fixtures.spectrum
        s.fps = 30
        return s
    }

    static func compare(_ p: Preset, width: Int, height: Int) throws -> CompareState {
        var s = CompareSetup.initialState(try CompareSetup.entries(of: p), size: Size(width: width, height: height), seed: nil)
        for i in s.sessions.indices {
            s.sessions[i].app.model = model(s.sessions[i].app.preset)
            for k in 0...4 { s.sessions[i].lambdas.record(step: k * 100, value: Double(i + 1) * (2 + Double(k))) }
        }
        s.fps = 30
        return s
    }

    /// The rows of `buffer` in `rect`, trailing spaces removed, joined by one space: the text as wrapped.
    static func text(_ buffer: Buffer, _ rect: Rect) -> String {
        let lines = buffer.lines()
        return (rect.y..<rect.maxY).map { y -> String in
            let line = Array(lines[y].unicodeScalars)
            let cut = line[min(rect.x, line.count)..<min(rect.maxX, line.count)]
            var s = String(String.UnicodeScalarView(cut))
            while s.last == " " { s.removeLast() }
            while s.first == " " { s.removeFirst() }
            return s
        }.joined(separator: " ")
    }

    /// `text` with every run of spaces made one (wrapping turns a break into one space) and without combining
    /// marks (a cell holds one scalar: "m̂" is drawn "m").
    static func squeezed(_ text: String) -> String {
        let plain = String(String.UnicodeScalarView(text.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }))
        return plain.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
