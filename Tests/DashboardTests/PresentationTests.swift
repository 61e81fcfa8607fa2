import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// `--present`: one pane at a time with its caption, ← → cycle the panes, ↑ ↓ keep their meaning.
@Suite struct PresentationTests {
    static func state(width: Int = 100, height: Int = 30, inputDimension: Int = 1) -> AppState {
        var s = Fixtures.state(width: width, height: height, inputDimension: inputDimension)
        s.presenting = true
        s.focus = s.mainPane
        return s
    }

    @Test func rightAndLeftCycleThroughEveryPaneAndWrap() {
        var s = Self.state()
        var seen: [PaneID] = [s.focus]
        for _ in 0..<4 {
            #expect(Reducer.reduce(&s, .key(.right)).isEmpty)
            seen.append(s.focus)
        }
        #expect(seen == [.fit, .loss, .spectrum, .network, .fit])
        _ = Reducer.reduce(&s, .key(.left))
        #expect(s.focus == .network, "← from the first pane wraps to the last")
        _ = Reducer.reduce(&s, .key(.left))
        #expect(s.focus == .spectrum)
    }

    @Test func twoDimensionalDataCyclesThroughTheMap() {
        var s = Self.state(inputDimension: 2)
        #expect(s.focus == .regions)
        _ = Reducer.reduce(&s, .key(.left))
        #expect(s.focus == .network)
        _ = Reducer.reduce(&s, .key(.right))
        #expect(s.focus == .regions)
    }

    @Test func upAndDownStillSelectLayersAndZoomStaysOff() {
        var s = Self.state()
        _ = Reducer.reduce(&s, .key(.down))
        #expect(s.selectedLayer == 1)
        _ = Reducer.reduce(&s, .key(.up))
        #expect(s.selectedLayer == 0)
        _ = Reducer.reduce(&s, .key(.char("z")))
        #expect(!s.zoomed)
        #expect(s.message != nil)
    }

    @Test func outsidePresentationTheArrowsOnlyExplain() {
        var s = Fixtures.state()
        let focus = s.focus
        #expect(Reducer.reduce(&s, .key(.right)).isEmpty)
        #expect(s.focus == focus)
        #expect(s.message?.contains("--present") == true)
    }

    @Test func layoutShowsOnePaneAndALargeCaption() {
        for (w, h) in [(60, 18), (100, 30), (160, 48)] {
            let s = Self.state(width: w, height: h)
            let layout = DashboardLayout(state: s)
            #expect(!layout.tooSmall)
            #expect(Array(layout.panes.keys) == [s.focus])
            #expect(layout.caption.height >= 3)
            #expect(layout.status.height == 1 && layout.hint.height == 1)
            let pane = layout.panes[s.focus] ?? Rect(x: 0, y: 0, width: 0, height: 0)
            #expect(pane.width == w && pane.height == h - 2 - layout.caption.height)
        }
    }

    @Test func everyPaneHasACaptionWithItsNumbers() {
        let s = Self.state()
        #expect(PresentationBars.caption(.fit, s).body.contains("3 kinks: 4 linear pieces (at most 4)"))
        #expect(PresentationBars.caption(.spectrum, s).body.contains("λmax = 12.5"))
        #expect(PresentationBars.caption(.spectrum, s).body.contains("2/λmax = 0.16"))
        #expect(PresentationBars.caption(.loss, s).body.contains("log scale"))
        #expect(PresentationBars.caption(.network, s).body.contains("Widths 1–16–16–1, 321 parameters"))
    }

    func render(_ s: AppState, theme: Theme) -> Buffer {
        var ctx = RenderContext(theme: theme)
        var b = Buffer(width: 0, height: 0)
        DashboardRenderer.render(s, into: &b, context: &ctx)
        return b
    }

    @Test func snapshotAt100x30() throws {
        let b = render(Self.state(), theme: .highContrast(mode: .color256))
        try assertSnapshot(b, named: "present-fit-100x30")
        #expect(b.text.contains("◀ 1/4 Fit ▶"))
    }

    @Test func snapshotAt160x48() throws {
        var s = Self.state(width: 160, height: 48)
        _ = Reducer.reduce(&s, .key(.right))
        _ = Reducer.reduce(&s, .key(.right))
        let b = render(s, theme: .highContrast(mode: .color256))
        try assertSnapshot(b, named: "present-spectrum-160x48")
        #expect(b.text.contains("◀ 3/4 Hessian spectrum ▶"))
    }

    @Test func everyPaneAtManySizesInEveryTheme() {
        for (w, h) in [(0, 0), (1, 1), (59, 17), (60, 18), (80, 24), (300, 100), (200, 2)] {
            for pane in [PaneID.fit, .loss, .spectrum, .network] {
                for theme in [Theme.highContrast(mode: .color256), .highContrast(mode: .color16),
                              .highContrast(mode: .monochrome, ascii: true)] {
                    var s = Self.state(width: w, height: h)
                    s.focus = pane
                    var ctx = RenderContext(theme: theme)
                    var b = Buffer(width: 0, height: 0)
                    DashboardRenderer.render(s, into: &b, context: &ctx)
                    #expect(b.size == Size(width: w, height: h))
                    if theme.ascii {
                        let allASCII = b.cells.allSatisfy { $0.character.isASCII }
                        #expect(allASCII, "\(pane) at \(w)x\(h) in ASCII")
                    }
                    if w >= 60 && h >= 18 { #expect(b.text.contains("\(PresentationBars.name(pane))")) }
                }
            }
        }
    }

    @Test func highContrastHasNoDimGreys() {
        let t = Theme.highContrast(mode: .color256)
        for style in [t.text, t.dim, t.border, t.title] {
            #expect(style.fg == .rgb6(5, 5, 5))
            #expect(!style.attributes.contains(.dim))
        }
    }
}
