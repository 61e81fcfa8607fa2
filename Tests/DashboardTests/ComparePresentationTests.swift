import Testing
import TerminalUI
@testable import Dashboard

/// Compare mode with `--present`: one session at a time with its label and the preset's caption,
/// ← → cycle the sessions, keys act on all (or on the focused session, which follows the view).
@Suite struct ComparePresentationTests {
    static func state(sessions n: Int = 4, width: Int = 100, height: Int = 30) -> CompareState {
        var s = CompareReducerTests.state(sessions: n, width: width, height: height)
        s.presenting = true
        return s
    }

    func render(_ s: CompareState, theme: Theme = .highContrast(mode: .color256)) -> Buffer {
        var ctx = RenderContext(theme: theme)
        var b = Buffer(width: 0, height: 0)
        CompareRenderer.render(s, into: &b, context: &ctx)
        return b
    }

    @Test func rightAndLeftCycleThroughEverySessionAndWrap() {
        var s = Self.state()
        var seen = [s.shown]
        for _ in 0..<4 {
            #expect(CompareReducer.reduce(&s, .key(.right)).isEmpty)
            seen.append(s.shown)
        }
        #expect(seen == [0, 1, 2, 3, 0])
        _ = CompareReducer.reduce(&s, .key(.left))
        #expect(s.shown == 3, "← from the first session wraps to the last")
        #expect(s.focused == nil, "the arrows change the view, not who the keys act on")
    }

    @Test func keysActOnAllUntilAFocusWhichFollowsTheView() {
        var s = Self.state()
        _ = CompareReducer.reduce(&s, .key(.right))
        let effects = CompareReducer.reduce(&s, .key(.char(" ")))
        #expect(effects.count == 4, "space pauses every session, not only the one shown")
        _ = CompareReducer.reduce(&s, .key(.char("3")))
        #expect(s.shown == 2 && s.focused == 2, "a digit shows the session it focuses")
        _ = CompareReducer.reduce(&s, .key(.right))
        #expect(s.shown == 3 && s.focused == 3)
        _ = CompareReducer.reduce(&s, .key(.char("0")))
        #expect(s.focused == nil && s.shown == 3)
        _ = CompareReducer.reduce(&s, .key(.tab))
        #expect(s.focused == 0 && s.shown == 0)
    }

    @Test func zoomIsRefusedAndArrowsOutsidePresentationOnlyExplain() {
        var s = Self.state()
        _ = CompareReducer.reduce(&s, .key(.char("2")))
        _ = CompareReducer.reduce(&s, .key(.char("z")))
        #expect(!s.zoomed)
        #expect(s.message?.contains("← →") == true)
        var plain = CompareReducerTests.state(sessions: 2)
        #expect(CompareReducer.reduce(&plain, .key(.right)).isEmpty)
        #expect(plain.focused == nil && plain.shown == 0)
        #expect(plain.message?.contains("--present") == true)
    }

    @Test func layoutShowsOneSessionAndALargeCaption() {
        for (w, h) in [(60, 18), (100, 30), (160, 48)] {
            var s = Self.state(width: w, height: h)
            _ = CompareReducer.reduce(&s, .key(.right))
            let layout = CompareLayout(state: s)
            #expect(!layout.tooSmall)
            #expect(layout.panels.filter { !$0.isEmpty }.count == 1)
            #expect(layout.panels[1].width == w && layout.panels[1].height == h - 2 - layout.caption.height)
            #expect(layout.caption.height >= 3 && layout.summary.isEmpty)
        }
    }

    @Test func captionHasTheLabelThePresetClaimAndTheSessionsNumbers() {
        var s = Self.state()
        _ = CompareReducer.reduce(&s, .key(.right))
        let (heading, body) = ComparePresentation.caption(s)
        #expect(heading == "2 · momentum 0.9")
        #expect(body.hasPrefix("depth doubles the pieces. momentum 0.9: momentum, lr 0.05, step 500, train loss 0.05"))
        // λmax of session 2 at step 400 is 2·(2+4) = 12; 2/λmax = 1/6.
        #expect(body.contains("λmax 12.0 at step 400 (2/λmax = 0.167)"))
        var m = s.sessions[1].app.model ?? Fixtures.model()
        m.divergedAtStep = 37
        _ = CompareReducer.reduce(&s, .session(1, .snapshot(m)))
        let diverged = ComparePresentation.caption(s)
        #expect(diverged.heading.hasSuffix("DIVERGED") && diverged.body.contains("diverged at step 37"))
    }

    @Test func snapshotAt100x30() throws {
        let b = render(Self.state())
        try assertSnapshot(b, named: "compare-present-100x30")
        #expect(b.text.contains("◀ 1/4 SGD lr 0.1 ▶"))
        #expect(!b.text.contains("2 · momentum 0.9"))
    }

    @Test func snapshotAt160x48() throws {
        var s = Self.state(width: 160, height: 48)
        _ = CompareReducer.reduce(&s, .key(.left))
        let b = render(s)
        try assertSnapshot(b, named: "compare-present-160x48")
        #expect(b.text.contains("◀ 4/4 AdamW wd 0.01 ▶"))
        #expect(b.text.contains("4 · AdamW wd 0.01"))
    }

    @Test func everySizeAndThemeWithoutACrash() {
        for (w, h) in [(0, 0), (1, 1), (59, 17), (60, 18), (80, 24), (300, 100), (200, 2)] {
            for theme in [Theme.highContrast(mode: .color256), .highContrast(mode: .color16),
                          .highContrast(mode: .monochrome, ascii: true)] {
                for shown in 0..<3 {
                    var s = Self.state(sessions: 3, width: w, height: h)
                    s.shown = shown
                    let b = render(s, theme: theme)
                    #expect(b.size == Size(width: w, height: h))
                    if theme.ascii { #expect(b.cells.allSatisfy { $0.character.isASCII }, "\(w)x\(h) in ASCII") }
                    if w >= 60 && h >= 18 { #expect(b.text.contains("\(shown + 1)/3")) }
                }
            }
        }
    }
}
