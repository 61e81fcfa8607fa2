import Foundation
import Testing
import TerminalUI
@testable import Dashboard

/// Compare mode on screen: text snapshots at two sizes with 2 and 4 sessions, the grid with 3, every
/// tiny size without a crash, shared loss axes, and a seeded fuzz of reducer + renderer.
@Suite struct CompareRenderTests {
    func render(_ s: CompareState, theme: Theme = Theme(mode: .color256)) -> Buffer {
        var ctx = RenderContext(theme: theme)
        var b = Buffer(width: 0, height: 0)
        CompareRenderer.render(s, into: &b, context: &ctx)
        return b
    }

    /// Four sessions: the third focused, the fourth diverged (paused, red, with its message).
    static func four(width: Int, height: Int) -> CompareState {
        var s = CompareReducerTests.state(sessions: 4, width: width, height: height)
        _ = CompareReducer.reduce(&s, .key(.char("3")))
        var m = s.sessions[3].app.model ?? Fixtures.model()
        m.divergedAtStep = 37
        _ = CompareReducer.reduce(&s, .session(3, .snapshot(m)))
        return s
    }

    @Test func twoSessionsAt160x48() throws {
        try assertSnapshot(render(CompareReducerTests.state(sessions: 2, width: 160, height: 48)), named: "compare-2-160x48")
    }

    @Test func fourSessionsAt160x48() throws {
        try assertSnapshot(render(Self.four(width: 160, height: 48)), named: "compare-4-160x48")
    }

    @Test func twoSessionsAt80x24() throws {
        try assertSnapshot(render(CompareReducerTests.state(sessions: 2, width: 80, height: 24)), named: "compare-2-80x24")
    }

    @Test func fourSessionsAt80x24() throws {
        try assertSnapshot(render(Self.four(width: 80, height: 24)), named: "compare-4-80x24")
    }

    /// Three 2D sessions: a 2×2 grid whose fourth cell is the summary table.
    @Test func threeSessionsWithSummary() throws {
        var s = CompareReducerTests.state(sessions: 3, width: 120, height: 36)
        for i in 0..<3 { s.sessions[i].app.model = Fixtures.model(inputDimension: 2) }
        let b = render(s)
        try assertSnapshot(b, named: "compare-3-120x36")
        #expect(b.lines().contains { $0.contains("All sessions") })
    }

    @Test func zoomedSessionAndHelp() throws {
        var s = CompareReducerTests.state(sessions: 4, width: 120, height: 40)
        _ = CompareReducer.reduce(&s, .key(.char("2")))
        _ = CompareReducer.reduce(&s, .key(.char("z")))
        let zoomed = render(s).lines()
        #expect(zoomed.contains { $0.contains("2 · momentum 0.9") })
        #expect(!zoomed.contains { $0.contains("1 · SGD lr 0.1") })
        _ = CompareReducer.reduce(&s, .key(.char("?")))
        let help = render(s).lines()
        // The compare keys come from the keymap table, like every other line of the help.
        for action in [Action.focusSession, .focusAll] {
            let binding = try #require(Keymap.binding(for: action))
            #expect(help.contains { $0.contains(binding.keyLabel) && $0.contains(binding.help) })
        }
        #expect(help.contains { $0.contains("compare: keys act on the focused session") })
    }

    /// Every size from 0×0 up to past the minimum, 1 to 4 sessions, zoomed or not, ASCII or not: no crash,
    /// the buffer has the terminal's size, and below the minimum only the "too small" message shows.
    @Test func tinySizesNeverCrash() {
        for n in 1...4 {
            for (w, h) in [(0, 0), (1, 1), (2, 1), (1, 2), (5, 3), (20, 6), (59, 17), (60, 18), (61, 19), (64, 20), (300, 100)] {
                for zoom in [false, true] {
                    var s = CompareReducerTests.state(sessions: min(n, 4), width: w, height: h)
                    s.sessions = Array(s.sessions.prefix(n))
                    if zoom { s.focused = 0; s.zoomed = true }
                    for theme in [Theme(mode: .color256), Theme(mode: .monochrome, ascii: true)] {
                        let b = render(s, theme: theme)
                        #expect(b.width == w && b.height == h)
                        if w < 60 || h < 18, w >= 40, h >= 2 {
                            #expect(b.lines().contains { $0.contains("terminal too small") })
                        }
                    }
                }
            }
        }
    }

    /// `--ascii`: compare mode's own glyphs (▶, ·, λ, η, –, →) fall back to ASCII too.
    @Test func asciiThemeDrawsOnlyASCII() {
        var s = Self.four(width: 120, height: 40)
        s.sessions[0].label = "η=0.005 → λ"
        let b = render(s, theme: Theme(mode: .monochrome, ascii: true))
        #expect(b.lines().allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(b.lines().contains { $0.contains("> 3 . Adam lr 0.01") })
    }

    /// The loss panes share their axes: the pane title says so, and the shared range covers every
    /// session's losses (the largest curve sets the top for all).
    @Test func lossAxesAreShared() throws {
        let s = CompareReducerTests.state(sessions: 4)
        let axes = try #require(LossPane.sharedAxes(s.sessions.map { ($0.app.model?.lossCurves, showTest: true) }))
        var lo = Double.infinity, hi = -Double.infinity
        for session in s.sessions {
            let m = try #require(session.app.model?.lossCurves)
            for v in m.train + m.test { lo = min(lo, v); hi = max(hi, v) }
        }
        #expect(abs(axes.logLoss.lowerBound - log10(lo)) < 1e-12 && abs(axes.logLoss.upperBound - log10(hi)) < 1e-12)
        #expect(axes.steps == 0...490)
        // Every panel's loss title keeps its test loss and says its axes are shared (words go before numbers).
        let titles = render(s).lines().flatMap { $0.components(separatedBy: "┌ ").dropFirst() }.filter { $0.hasPrefix("Loss") }
        #expect(titles.count == 4)
        #expect(titles.allSatisfy { $0.contains("test 0.") })
        #expect(titles.filter { $0.hasPrefix("Loss (shared)") || $0.hasPrefix("Loss (log, shared axes)") }.count == 4)
        let lambda = try #require(LambdaPane.sharedAxes(s.sessions.map(\.lambdas)))
        // λmax values 2 … 24 across the sessions: a shared log axis over exactly that range.
        #expect(lambda.log && abs(lambda.lambda.lowerBound - log10(2)) < 1e-12 && abs(lambda.lambda.upperBound - log10(24)) < 1e-12)
        var negative = s.sessions.map(\.lambdas)
        negative[0].record(step: 600, value: -0.5)
        let linear = try #require(LambdaPane.sharedAxes(negative))
        #expect(!linear.log && linear.lambda == -0.5...24)
    }
}
